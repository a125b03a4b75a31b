package org.sitewatch.classifier.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.FetchedPage;

/**
 * Whether a page record agrees with itself about its site: the record's key, its {@code site} field
 * and the registered domain of its URL ({@link Sites}, the rule that keys the topics) must name one
 * site. The URL is the final one, or the requested one when a redirect left the site (the crawler
 * keys a page by the site it was asked to crawl). A record that disagrees did not come from a
 * working crawler; scoring it under its key would put one site's evidence on another's verdict.
 */
final class SiteConsistency {
  private SiteConsistency() {}

  /**
   * The three values when they disagree ({@code key}, {@code site}, {@code urlSite}, and {@code
   * requestedUrlSite} when it differs from {@code urlSite}), or an empty map when they agree.
   */
  static Map<String, String> disagreement(String key, FetchedPage page) {
    String urlSite = siteOf(page.finalUrl());
    String requestedSite = siteOf(page.requestedUrl());
    if (key.equals(page.site()) && (key.equals(urlSite) || key.equals(requestedSite))) {
      return Map.of();
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("key", Bounds.text(key, Bounds.MAX_SITE_CHARS));
    details.put("site", Bounds.text(page.site(), Bounds.MAX_SITE_CHARS));
    details.put("urlSite", Bounds.text(urlSite, Bounds.MAX_SITE_CHARS));
    if (!requestedSite.equals(urlSite)) {
      details.put("requestedUrlSite", Bounds.text(requestedSite, Bounds.MAX_SITE_CHARS));
    }
    return details;
  }

  private static String siteOf(String url) {
    try {
      return Sites.siteOf(url);
    } catch (IllegalArgumentException e) {
      return "(no site: not an http(s) URL with a valid host)";
    }
  }
}
