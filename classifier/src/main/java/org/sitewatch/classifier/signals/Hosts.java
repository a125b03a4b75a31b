package org.sitewatch.classifier.signals;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.common.net.Sites;

/**
 * The hosts of a page's links as the detectors see them: the site each belongs to (the shared rule
 * of {@link Sites}, the same that keys the topics, remembered per page) and whether a host name
 * itself looks adult. Hosts come from {@link Sites#linkHost}: strings only, no DNS.
 */
final class Hosts {
  /** Host-name words that on their own suggest an adult site. */
  private static final Set<String> ADULT_WORDS =
      Set.of(
          "sex",
          "sexy",
          "av",
          "adult",
          "nude",
          "nudes",
          "cams",
          "xxx",
          "porn",
          "porno",
          "jav",
          "hentai",
          "milf",
          "seqing",
          "huangse",
          "chengren",
          "yase",
          "huangpian",
          "nsfw");

  /** Fragments that suggest an adult site wherever they occur in a host name. */
  private static final String[] ADULT_FRAGMENTS = {
    "porn", "xxx", "hentai", "seqing", "huangse", "chengren", "huangpian"
  };

  private Hosts() {}

  /**
   * A per-page memo of {@link Sites#siteOfHostIfValid}: pages link to the same few hosts many
   * times. Empty for a host that is not a valid name (the link is passed over).
   */
  static final class SiteCache {
    private final Map<String, Optional<String>> sites = new HashMap<>();

    Optional<String> siteOf(String host) {
      return sites.computeIfAbsent(host, Sites::siteOfHostIfValid);
    }
  }

  /** Whether the words of a host name ({@code free-porn-tube.example}) look adult. */
  static boolean adultLooking(String host) {
    for (String fragment : ADULT_FRAGMENTS) {
      if (host.contains(fragment)) {
        return true;
      }
    }
    // the words are the runs of a-z (digits and everything else split them; the words above have
    // no digits, so runs of digits need no look-up)
    int n = host.length();
    int i = 0;
    while (i < n) {
      if (!isLetter(host.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isLetter(host.charAt(i))) {
        i++;
      }
      if (ADULT_WORDS.contains(host.substring(start, i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }
}
