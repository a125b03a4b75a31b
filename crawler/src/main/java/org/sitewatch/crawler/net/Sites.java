package org.sitewatch.crawler.net;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The site a URL belongs to: its registered domain (public suffix plus one label, from the public
 * suffix list bundled with crawler-commons, private suffixes such as {@code blogspot.com} included,
 * so that {@code a.blogspot.com} and {@code b.blogspot.com} are different sites). The site is the
 * unit of crawling, partitioning and verdicts.
 *
 * <p>Special cases: an IP-literal host is its own site; a single-label host ({@code localhost}) is
 * its own site; a host under a suffix the list does not know (for example the reserved {@code
 * .test}) is taken to have a one-label suffix, so {@code www.shop.test} belongs to {@code
 * shop.test}; a host that is itself a public suffix is its own site. Internationalised names are
 * returned in their ASCII (punycode) form. No DNS lookup is ever made.
 */
public final class Sites {
  private Sites() {}

  /**
   * Returns the lower-case registered domain of {@code url}'s host.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a host
   */
  public static String siteOf(String url) {
    return siteOfHost(hostOf(url));
  }

  /** Like {@link #siteOf} but for a bare host name or IP literal. */
  static String siteOfHost(String rawHost) {
    String host = normalizeHost(rawHost);
    var literal = IpLiterals.parse(host);
    if (literal.isPresent()) {
      return literal.get().getHostAddress();
    }
    if (host.indexOf('.') < 0) {
      return host;
    }
    String assigned = EffectiveTldFinder.getAssignedDomain(host, true, false);
    if (assigned != null) {
      return assigned.toLowerCase(Locale.ROOT);
    }
    EffectiveTldFinder.EffectiveTLD suffix = EffectiveTldFinder.getEffectiveTLD(host, false);
    if (suffix != null && host.equals(suffix.getDomain())) {
      return host;
    }
    int last = host.lastIndexOf('.');
    int secondLast = host.lastIndexOf('.', last - 1);
    return secondLast < 0 ? host : host.substring(secondLast + 1);
  }

  /**
   * The lower-case ASCII host of an absolute http(s) URL, without brackets for IPv6 literals.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a host
   */
  public static String hostOf(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot parse URL '" + url + "': " + e.getReason(), e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException(
          "not an http(s) URL: '" + url + "' (only http and https are crawled)");
    }
    String host = uri.getHost();
    if (host == null) {
      // java.net.URI leaves the host empty for internationalised names; take it from the authority
      String authority = uri.getAuthority();
      if (authority == null || authority.isEmpty()) {
        throw new IllegalArgumentException("URL has no host: '" + url + "'");
      }
      int at = authority.lastIndexOf('@');
      host = at >= 0 ? authority.substring(at + 1) : authority;
      if (!host.startsWith("[")) {
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
          host = host.substring(0, colon);
        }
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("URL has no host: '" + url + "'");
    }
    return normalizeHost(host);
  }

  /** Lower-case ASCII form of a host: brackets and a trailing dot removed, IDN to punycode. */
  public static String normalizeHost(String host) {
    Objects.requireNonNull(host, "host");
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.isEmpty()) {
      throw new IllegalArgumentException("empty host name");
    }
    if (h.indexOf(':') < 0) {
      try {
        h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid host name '" + host + "': " + e.getMessage(), e);
      }
    }
    return h.toLowerCase(Locale.ROOT);
  }
}
