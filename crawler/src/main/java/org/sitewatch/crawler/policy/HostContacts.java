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
 * <p>Several crawls of a worker run at once and may contact one host: {@link #reserve} reads the
 * last contact and books the next slot under one lock, so two of them cannot both see "no wait". A
 * booking only ever moves a host's time forward.
 *
 * <p>Bounded: the least recently contacted (booked) hosts beyond {@link #MAX_HOSTS} are forgotten;
 * asking ({@link #last}) does not count as a contact. This only matters for a host last contacted
 * longer ago than it takes the worker to contact that many other hosts.
 */
public final class HostContacts {
  /** Hosts remembered at most. */
  public static final int MAX_HOSTS = 10_000;

  private final Map<String, Long> lastNanos =
      new LinkedHashMap<>(64, 0.75f, false) { // insertion order: re-inserted on each booking
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

  /**
   * Books {@code host} as contacted at {@code nanos}, unless a later moment is already booked (a
   * slot another crawl reserved stays).
   */
  public synchronized void contacted(String host, long nanos) {
    Long at = lastNanos.remove(host);
    lastNanos.put(host, at == null ? nanos : Math.max(at, nanos));
  }

  /**
   * Books the next slot for a request to {@code host}: {@code delayNanos} after its last contact,
   * or {@code nowNanos} if that is later or there was none, in one step under the lock.
   *
   * @return nanoseconds from {@code nowNanos} until the booked slot (0 when it may go now)
   */
  public synchronized long reserve(String host, long delayNanos, long nowNanos) {
    Long at = lastNanos.remove(host);
    long slot = at == null ? nowNanos : Math.max(nowNanos, at + delayNanos);
    lastNanos.put(host, slot);
    return slot - nowNanos;
  }

  synchronized int size() {
    return lastNanos.size();
  }
}
