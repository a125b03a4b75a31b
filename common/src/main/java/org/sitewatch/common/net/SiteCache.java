package org.sitewatch.common.net;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Remembers the site of recently seen hosts: the public-suffix lookup behind {@link
 * Sites#siteOfHost} costs a microsecond or two, and a crawler asks it for the same few hosts with
 * every link of every page. Bounded: at {@code capacity} entries it starts again empty (crude, but
 * O(1) and never larger); hosts longer than a DNS name can be are not kept. Only results are kept,
 * never failures: an invalid host fails every time. Thread-safe.
 */
final class SiteCache {
  /** The longest DNS name (RFC 1035, without the trailing dot). */
  static final int MAX_HOST_LENGTH = 253;

  private final int capacity;
  private final ConcurrentHashMap<String, String> sites;

  SiteCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
    this.sites = new ConcurrentHashMap<>(Math.min(capacity, 1 << 12) * 2);
  }

  /** {@code lookup.apply(host)}, from memory when {@code host} was seen recently. */
  String siteOf(String host, UnaryOperator<String> lookup) {
    String site = sites.get(host);
    if (site != null) {
      return site;
    }
    site = lookup.apply(host);
    if (host.length() <= MAX_HOST_LENGTH) {
      if (sites.size() >= capacity) {
        sites.clear();
      }
      sites.put(host, site);
    }
    return site;
  }

  /** Entries held now (at most the capacity). */
  int size() {
    return sites.size();
  }
}
