package org.sitewatch.crawler.policy;

import edu.uci.ics.crawler4j.PolitenessServer;
import edu.uci.ics.crawler4j.url.WebURL;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.sitewatch.common.net.Sites;

/**
 * Per-host politeness for one site crawl, replacing the fork's own server (which keys by registered
 * domain, measures from before its own wait, and forgets a host once the delay it was built with
 * has passed, so a longer Crawl-delay learnt later would not hold). A request to a host starts at
 * least the host's delay after the previous response from it arrived (or, when there was none,
 * after the previous request started). The bookings live in a {@link HostContacts} that the site
 * crawls of a worker share, so a crawl that follows another of the same host waits too.
 */
public final class HostPoliteness implements PolitenessServer {
  private final ToLongFunction<String> delayMsOfHost;
  private final LongSupplier nanoTime;
  private final HostContacts contacts;
  private long waitedMs;

  /**
   * @param delayMsOfHost the delay between two requests to a host, asked at every request (it may
   *     grow when the host's robots.txt gives a Crawl-delay)
   * @param nanoTime a monotonic clock ({@code System::nanoTime} in production)
   */
  public HostPoliteness(ToLongFunction<String> delayMsOfHost, LongSupplier nanoTime) {
    this(delayMsOfHost, nanoTime, new HostContacts());
  }

  /**
   * @param contacts when each host was last contacted, shared with the worker's other crawls
   */
  public HostPoliteness(
      ToLongFunction<String> delayMsOfHost, LongSupplier nanoTime, HostContacts contacts) {
    this.delayMsOfHost = delayMsOfHost;
    this.nanoTime = nanoTime;
    this.contacts = contacts;
  }

  /**
   * Books the next slot for a request to the URL's host (in the shared {@link HostContacts}, so two
   * crawls of one host at once get different slots), sleeps until it, and books the moment the
   * request really goes out, so a late wake-up never shortens the next gap.
   */
  @Override
  public long applyPoliteness(WebURL url) {
    String host = Sites.hostOf(url.getURL());
    long waitMs = waitFor(host);
    if (waitMs > 0) {
      try {
        Thread.sleep(waitMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the crawl is being stopped; the fetch is aborted
      }
    }
    started(host);
    return NO_POLITENESS_APPLIED;
  }

  /**
   * Reserves the next slot for a request to {@code host} and returns the milliseconds until it
   * (rounded up).
   */
  synchronized long waitFor(String host) {
    long delay = TimeUnit.MILLISECONDS.toNanos(delayMsOfHost.applyAsLong(host));
    long waitNanos = contacts.reserve(host, delay, nanoTime.getAsLong());
    long waitMs = waitNanos <= 0 ? 0 : (waitNanos + 999_999) / 1_000_000;
    waitedMs += waitMs;
    return waitMs;
  }

  /**
   * Books {@code host} as last contacted now: called when a request starts and again when its
   * response arrives, so the next gap is counted from the answer (a slow first connection or a late
   * wake-up cannot shorten the gap the server sees).
   */
  public synchronized void started(String host) {
    contacts.contacted(host, nanoTime.getAsLong());
  }

  /** Total time requests were held back so far. */
  synchronized long waitedMs() {
    return waitedMs;
  }
}
