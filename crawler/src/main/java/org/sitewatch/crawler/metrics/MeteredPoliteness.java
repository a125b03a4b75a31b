package org.sitewatch.crawler.metrics;

import edu.uci.ics.crawler4j.PolitenessServer;
import edu.uci.ics.crawler4j.url.WebURL;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.sitewatch.common.net.Sites;

/**
 * The fork's politeness server with a meter: the fetcher sleeps for what {@link #applyPoliteness}
 * returns, so that is the politeness wait. It also tracks the hosts a crawl fetches from, for the
 * active-hosts gauge, until {@link #release}. One per site crawl, used by its fetch thread.
 */
public final class MeteredPoliteness implements PolitenessServer {
  private final PolitenessServer delegate;
  private final CrawlerMetrics metrics;
  private final Set<String> hosts = new HashSet<>();

  public MeteredPoliteness(PolitenessServer delegate, CrawlerMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public long applyPoliteness(WebURL url) {
    long start = System.nanoTime();
    long delay = delegate.applyPoliteness(url);
    // a delegate may sleep itself (HostPoliteness does) or return the time the caller must wait
    long slept = System.nanoTime() - start;
    String host = safeHost(url.getURL());
    if (host != null) {
      synchronized (hosts) {
        if (hosts.add(host)) {
          metrics.hostActive(host);
        }
      }
    }
    metrics.politenessWait(
        Duration.ofNanos(slept)
            .plusMillis(delay == PolitenessServer.NO_POLITENESS_APPLIED ? 0 : Math.max(0, delay)));
    return delay;
  }

  /** The crawl ended: its hosts are no longer active. */
  public void release() {
    synchronized (hosts) {
      hosts.forEach(metrics::hostIdle);
      hosts.clear();
    }
  }

  private static String safeHost(String url) {
    try {
      return Sites.hostOf(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
