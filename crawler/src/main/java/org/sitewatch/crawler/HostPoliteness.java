package org.sitewatch.crawler;

import edu.uci.ics.crawler4j.PolitenessServer;
import edu.uci.ics.crawler4j.url.WebURL;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Per-host politeness for one site crawl, replacing the fork's own server (which keys by
 * registered domain, measures from before its own wait, and forgets a host once the delay it was
 * built with has passed, so a longer Crawl-delay learnt later would not hold). Each request to a
 * host is given a start slot at least the host's delay after the previous slot, and the fetcher
 * sleeps until it.
 */
final class HostPoliteness implements PolitenessServer {
  private final ToLongFunction<String> delayMsOfHost;
  private final LongSupplier nanoTime;
  private final Map<String, Long> lastSlotNanos = new HashMap<>();
  private long waitedMs;

  /**
   * @param delayMsOfHost the delay between two requests to a host, asked at every request (it
   *     may grow when the host's robots.txt gives a Crawl-delay)
   * @param nanoTime a monotonic clock ({@code System::nanoTime} in production)
   */
  HostPoliteness(ToLongFunction<String> delayMsOfHost, LongSupplier nanoTime) {
    this.delayMsOfHost = delayMsOfHost;
    this.nanoTime = nanoTime;
  }

  @Override
  public long applyPoliteness(WebURL url) {
    long wait = waitFor(Sites.hostOf(url.getURL()));
    return wait <= 0 ? NO_POLITENESS_APPLIED : wait;
  }

  /** Milliseconds to wait before a request to {@code host} may start; books the slot. */
  synchronized long waitFor(String host) {
    long now = nanoTime.getAsLong();
    Long last = lastSlotNanos.get(host);
    long delay = TimeUnit.MILLISECONDS.toNanos(delayMsOfHost.applyAsLong(host));
    long slot = last == null ? now : Math.max(now, last + delay);
    lastSlotNanos.put(host, slot);
    // round up, so that sleeping the returned milliseconds never starts before the slot
    long waitMs = (slot - now + 999_999) / 1_000_000;
    waitedMs += waitMs;
    return waitMs;
  }

  /** Total time requests were held back so far. */
  synchronized long waitedMs() {
    return waitedMs;
  }
}
