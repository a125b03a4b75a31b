package org.sitewatch.crawler;

import edu.uci.ics.crawler4j.PolitenessServer;
import edu.uci.ics.crawler4j.url.WebURL;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The politeness of one worker: for every host, the instant its next request may go out, shared by
 * all site crawls of the worker (so two crawls of one host, e.g. a recrawl overlapping a takeover,
 * are polite to each other too).
 *
 * <p>Each request reserves a send slot atomically: {@code slot = max(now, last + delay)}; the slot
 * is stored as the host's {@code last} (not the time of the check) and the caller waits {@code
 * slot - now}. Requests to one host therefore start at least {@code delay} apart however many
 * threads ask at once, and hosts do not wait for each other. A crawl fetches one URL at a time, so
 * when it asks again its previous request has returned: that host's {@code last} is first moved to
 * now. A crawl's own requests to a host are thus {@code delay} apart from the previous response,
 * as Nutch and Heritrix count it, and a request that went out late (a sleep that overran, a slow
 * connect) cannot bring the next one closer than the delay at the server. Between two crawls of one
 * host (rare: a recrawl overlapping a takeover) the rule counts from the other crawl's slot. The
 * delay is the asking crawl's ({@link #forCrawl}), so a robots.txt Crawl-delay or a per-seed
 * override applies to that crawl's requests only.
 *
 * <p>A host's slot is forgotten once it has been idle longer than {@code max(its delay,
 * forgetAfter)}: by then any request may go out at once, so forgetting changes nothing unless a
 * later crawl asks for a longer delay than the one last used. Memory is bounded by the hosts used
 * within that window. Cleaning happens on reservations, at most once per {@code forgetAfter / 4};
 * there is no thread.
 */
final class HostPoliteness {
  private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private final LongSupplier nanoTime;
  private final long forgetAfterNanos;
  private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  /** The instant the last reserved request of a host may go out, and the delay it was given. */
  private record Slot(long sendAt, long delayNanos) {}

  /** With {@link System#nanoTime()} and hosts forgotten after one idle minute. */
  HostPoliteness() {
    this(System::nanoTime, Duration.ofMinutes(1));
  }

  /**
   * @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime()} in production)
   * @param forgetAfter how long a host must be idle (beyond its delay) before it is forgotten
   */
  HostPoliteness(LongSupplier nanoTime, Duration forgetAfter) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(forgetAfter, "forgetAfter");
    if (forgetAfter.isNegative() || forgetAfter.isZero()) {
      throw new IllegalArgumentException("forgetAfter must be positive, got " + forgetAfter);
    }
    this.forgetAfterNanos = forgetAfter.toNanos();
    this.lastSweep = new AtomicLong(nanoTime.getAsLong());
  }

  /** The politeness of one crawl whose requests are all {@code delayMs} apart per host. */
  PolitenessServer forCrawl(long delayMs) {
    checkDelay(delayMs);
    return forCrawl(host -> delayMs);
  }

  /**
   * The politeness of one crawl, for the {@code PageFetcher} of that crawl.
   *
   * @param delayMsOfHost the crawl's delay in milliseconds for a host (lower-case name), asked at
   *     every request, so it may change during the crawl (e.g. once robots.txt was read)
   */
  PolitenessServer forCrawl(ToLongFunction<String> delayMsOfHost) {
    Objects.requireNonNull(delayMsOfHost, "delayMsOfHost");
    AtomicReference<String> previousHost = new AtomicReference<>();
    return url -> {
      String host = hostOf(url);
      if (host == null) {
        return PolitenessServer.NO_POLITENESS_APPLIED;
      }
      long delayMs = delayMsOfHost.applyAsLong(host);
      checkDelay(delayMs);
      // a crawl fetches one URL at a time: its previous request has returned by now
      long waitNanos = reserve(host, delayMs, previousHost.getAndSet(host));
      if (waitNanos <= 0) {
        return PolitenessServer.NO_POLITENESS_APPLIED;
      }
      // round up: PageFetcher sleeps whole milliseconds and must not send before the slot
      return (waitNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
    };
  }

  /**
   * Reserves the next send slot of {@code host} for a request that must be {@code delayMs} after
   * the previous one.
   *
   * @return how long the caller must wait before sending, in nanoseconds (0: at once)
   */
  long reserve(String host, long delayMs) {
    return reserve(host, delayMs, null);
  }

  /**
   * Like {@link #reserve(String, long)}, for a caller whose previous request (to {@code
   * returnedHost}, null if none) has returned: that host's last send is moved to now, so its next
   * request waits a full delay after the response rather than after the previous send.
   */
  long reserve(String host, long delayMs, String returnedHost) {
    Objects.requireNonNull(host, "host");
    long delay = TimeUnit.MILLISECONDS.toNanos(delayMs);
    if (returnedHost != null && !returnedHost.equals(host)) {
      long returnedAt = nanoTime.getAsLong();
      slots.computeIfPresent(
          returnedHost,
          (h, s) -> returnedAt - s.sendAt > 0 ? new Slot(returnedAt, s.delayNanos) : s);
    }
    boolean returnedHere = host.equals(returnedHost);
    long[] now = new long[1];
    Slot slot =
        slots.compute(
            host,
            (h, previous) -> {
              // read the clock under the host's lock, so slots are handed out in time order
              now[0] = nanoTime.getAsLong();
              if (previous == null) {
                return new Slot(now[0], delay);
              }
              long last = previous.sendAt;
              if (returnedHere && now[0] - last > 0) {
                last = now[0];
              }
              long earliest = last + delay;
              return new Slot(earliest - now[0] > 0 ? earliest : now[0], delay);
            });
    sweep(now[0]);
    return Math.max(0, slot.sendAt - now[0]);
  }

  /** How many hosts are remembered (for tests and metrics). */
  int trackedHosts() {
    return slots.size();
  }

  private void sweep(long now) {
    long last = lastSweep.get();
    if (now - last < forgetAfterNanos / 4 || !lastSweep.compareAndSet(last, now)) {
      return;
    }
    // removal is conditional on the value, so a slot reserved meanwhile stays
    slots.values().removeIf(s -> now - s.sendAt > Math.max(s.delayNanos, forgetAfterNanos));
  }

  private static void checkDelay(long delayMs) {
    if (delayMs < 0 || delayMs > Duration.ofHours(1).toMillis()) {
      throw new IllegalArgumentException(
          "politeness delay must be between 0 and 3600000 ms, got " + delayMs);
    }
  }

  /** The URL's host, lower-case; falls back to crawler4j's domain if the URL does not parse. */
  static String hostOf(WebURL url) {
    String text = url.getURL();
    if (text != null) {
      try {
        String host = new URI(text).getHost();
        if (host != null && !host.isEmpty()) {
          return host.toLowerCase(Locale.ROOT);
        }
      } catch (URISyntaxException e) {
        // crawler4j hands over normalised URLs; if one still does not parse, use its domain
      }
    }
    String domain = url.getDomain();
    return domain == null || domain.isEmpty() ? null : domain.toLowerCase(Locale.ROOT);
  }
}
