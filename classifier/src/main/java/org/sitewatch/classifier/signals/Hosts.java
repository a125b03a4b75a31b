package org.sitewatch.classifier.signals;

import crawlercommons.domains.EffectiveTldFinder;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Host names of links, the site (registered domain) they belong to, and whether a host name
 * itself looks adult. Strings only: no {@code java.net.URL}, no DNS.
 */
final class Hosts {
  /** Host-name words that on their own suggest an adult site. */
  private static final Set<String> ADULT_WORDS = Set.of(
      "sex", "sexy", "av", "adult", "nude", "nudes", "cams", "xxx", "porn", "porno", "jav",
      "hentai", "milf", "seqing", "huangse", "chengren", "yase", "huangpian", "nsfw");
  /** Fragments that suggest an adult site wherever they occur in a host name. */
  private static final String[] ADULT_FRAGMENTS = {"porn", "xxx", "hentai", "seqing", "huangse",
      "chengren", "huangpian"};

  private Hosts() {}

  /** The lower-case host of an absolute or protocol-relative http(s) link. */
  static Optional<String> hostOf(String href) {
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
    String authority = h.substring(start, end);
    int at = authority.lastIndexOf('@');
    String host = at >= 0 ? authority.substring(at + 1) : authority;
    if (!host.startsWith("[")) {
      int colon = host.indexOf(':');
      if (colon >= 0) {
        host = host.substring(0, colon);
      }
    }
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.isEmpty() ? Optional.empty() : Optional.of(host.toLowerCase(Locale.ROOT));
  }

  /**
   * The registered domain of a host (public suffix plus one label); an unknown suffix is taken to
   * be one label long, so {@code www.shop.test} gives {@code shop.test}.
   */
  static String siteOf(String host) {
    String h = host.startsWith("www.") ? host.substring(4) : host;
    if (h.indexOf('.') < 0 || h.startsWith("[") || h.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
      return h;
    }
    try {
      String assigned = EffectiveTldFinder.getAssignedDomain(h, true, false);
      if (assigned != null) {
        return assigned.toLowerCase(Locale.ROOT);
      }
    } catch (RuntimeException e) {
      // a malformed name: fall back to the last two labels below
    }
    int last = h.lastIndexOf('.');
    int secondLast = h.lastIndexOf('.', last - 1);
    return secondLast < 0 ? h : h.substring(secondLast + 1);
  }

  /** A per-page memo of {@link #siteOf}: pages link to the same few hosts many times. */
  static final class SiteCache {
    private final java.util.Map<String, String> sites = new java.util.HashMap<>();

    String siteOf(String host) {
      return sites.computeIfAbsent(host, Hosts::siteOf);
    }
  }

  /** Whether the words of a host name ({@code free-porn-tube.example}) look adult. */
  static boolean adultLooking(String host) {
    for (String fragment : ADULT_FRAGMENTS) {
      if (host.contains(fragment)) {
        return true;
      }
    }
    for (String word : host.split("[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")) {
      if (ADULT_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
