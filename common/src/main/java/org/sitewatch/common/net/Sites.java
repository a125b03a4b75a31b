package org.sitewatch.common.net;

import crawlercommons.domains.EffectiveTldFinder;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The site a URL or host belongs to: its registered domain (public suffix plus one label, from the
 * public suffix list bundled with crawler-commons, private suffixes such as {@code blogspot.com}
 * included, so that {@code a.blogspot.com} and {@code b.blogspot.com} are different sites). The
 * site is the Kafka key of every topic: the crawler, the classifier and the sink must compute it
 * the same way, which is why it is computed only here.
 *
 * <p>Special cases: an IP-literal host is its own site, in {@link
 * java.net.InetAddress#getHostAddress} form ({@code [::1]} gives {@code 0:0:0:0:0:0:0:1}); a
 * single-label host ({@code localhost}) is its own site; a host under a suffix the list does not
 * know (for example the reserved {@code .test}) is taken to have a one-label suffix, so {@code
 * www.shop.test} belongs to {@code shop.test}; a host that is itself a public suffix is its own
 * site. A host whose last label is a number ({@code 010.0.0.1}, {@code 1.2.3}, {@code 0x7f.1}) but
 * that is not a valid IP literal is its own site too: no public suffix is numeric, and a browser
 * reads such a host as an IPv4 address or refuses it (WHATWG URL, "ends in a number"), so cutting
 * it to its last two labels would make distinct hosts ({@code 010.0.0.1}, {@code 011.0.0.1}) one
 * site. Internationalised names are returned in their ASCII (punycode) form. No DNS lookup is ever
 * made.
 */
public final class Sites {
  private Sites() {}

  /**
   * The lower-case registered domain of {@code url}'s host.
   *
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a valid
   *     host
   */
  public static String siteOf(String url) {
    return siteOfHost(hostOf(url));
  }

  /**
   * Like {@link #siteOf} but for a bare host name or IP literal (brackets, a trailing dot, upper
   * case and Unicode allowed).
   *
   * @throws IllegalArgumentException if {@code rawHost} is empty or not a valid host name
   */
  public static String siteOfHost(String rawHost) {
    Objects.requireNonNull(rawHost, "host");
    return CACHE.siteOf(rawHost, Sites::lookUpSiteOfHost);
  }

  /**
   * Recently seen hosts and their sites, for the whole process: the answer is a pure function of
   * the host and the bundled suffix list, so sharing it changes nothing but the time it takes.
   */
  private static final SiteCache CACHE = new SiteCache(8192);

  private static String lookUpSiteOfHost(String rawHost) {
    String host = normalizeHost(rawHost);
    var literal = IpLiterals.parse(host);
    if (literal.isPresent()) {
      return literal.get().getHostAddress();
    }
    if (host.indexOf('.') < 0 || endsInANumber(host)) {
      return host;
    }
    try {
      String assigned = EffectiveTldFinder.getAssignedDomain(host, true, false);
      if (assigned != null) {
        return assigned.toLowerCase(Locale.ROOT);
      }
      EffectiveTldFinder.EffectiveTLD suffix = EffectiveTldFinder.getEffectiveTLD(host, false);
      if (suffix != null && host.equals(suffix.getDomain())) {
        return host;
      }
    } catch (RuntimeException e) {
      // as the crawler's own copy did (it let the exception through): no key is made up for a
      // name the suffix list cannot take apart
      throw new IllegalArgumentException(
          "invalid host name '" + rawHost + "': the public suffix list cannot take it apart", e);
    }
    // a suffix the list does not know (.test, .internal): taken to be one label
    int last = host.lastIndexOf('.');
    int secondLast = host.lastIndexOf('.', last - 1);
    return secondLast < 0 ? host : host.substring(secondLast + 1);
  }

  /**
   * Whether the last label of {@code host} is a number, decimal or {@code 0x} hex: WHATWG URL's
   * "ends in a number", which makes a browser parse the host as IPv4.
   */
  private static boolean endsInANumber(String host) {
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return true;
    }
    return last.startsWith("0x")
        && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
  }

  /**
   * {@link #siteOfHost}, or empty instead of an exception: for hosts taken from page content
   * (links), where an invalid name is passed over.
   */
  public static Optional<String> siteOfHostIfValid(String rawHost) {
    if (rawHost == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(siteOfHost(rawHost));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
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
      host = hostOfAuthority(authority);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("URL has no host: '" + url + "'");
    }
    return normalizeHost(host);
  }

  /**
   * The lower-case host of a link as written in a page ({@code http://}, {@code https://} or
   * protocol-relative {@code //}), by plain string cutting: no {@link URI} parsing, never an
   * exception. User info, port and trailing dots are dropped; brackets of an IPv6 literal and
   * Unicode are kept as written (pass the result to {@link #siteOfHostIfValid} for the site). Empty
   * for relative links, other schemes and links without a host.
   */
  public static Optional<String> linkHost(String href) {
    if (href == null) {
      return Optional.empty();
    }
    String h = href.strip();
    int start;
    if (h.regionMatches(true, 0, "http://", 0, 7)) {
      start = 7;
    } else if (h.regionMatches(true, 0, "https://", 0, 8)) {
      start = 8;
    } else if (h.startsWith("//")) {
      start = 2;
    } else {
      return Optional.empty();
    }
    int end = start;
    while (end < h.length() && "/?#\\".indexOf(h.charAt(end)) < 0) {
      end++;
    }
    String host = hostOfAuthority(h.substring(start, end));
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.isEmpty() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
  }

  /**
   * Lower-case ASCII form of a host: surrounding white space, brackets and trailing dots removed,
   * IDN to punycode.
   *
   * @throws IllegalArgumentException if nothing is left or the name is not a valid IDN
   */
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

  /** The host part of an authority: user info and port removed, IPv6 brackets kept. */
  private static String hostOfAuthority(String authority) {
    int at = authority.lastIndexOf('@');
    String host = at >= 0 ? authority.substring(at + 1) : authority;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close >= 0 ? host.substring(0, close + 1) : host;
    }
    int colon = host.lastIndexOf(':');
    return colon >= 0 ? host.substring(0, colon) : host;
  }
}
