package org.sitewatch.crawler.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When each host was last contacted (a request started, or its answer arrived), kept for all the
 * site crawls of one worker, so that a crawl of a host that another crawl just finished (a recrawl,
 * a second request for the same site) still waits the politeness delay after the last answer: a
 * {@link HostPoliteness} per crawl would start each crawl with a clean slate.
 *
 * <p>Bounded: the least recently contacted hosts beyond {@link #MAX_HOSTS} are forgotten, which
 * only matters for a host last contacted longer ago than it takes the worker to contact that many
 * other hosts.
 */
public final class HostContacts {
  /** Hosts remembered at most. */
  public static final int MAX_HOSTS = 10_000;

  private final Map<String, Long> lastNanos =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_HOSTS;
        }
      };

  /** The monotonic time ({@code System.nanoTime} scale) {@code host} was last contacted. */
  public synchronized OptionalLong last(String host) {
    Long at = lastNanos.get(host);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** Books {@code host} as contacted at {@code nanos}. */
  public synchronized void contacted(String host, long nanos) {
    lastNanos.put(host, nanos);
  }

  synchronized int size() {
    return lastNanos.size();
  }
}
