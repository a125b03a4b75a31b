package org.sitewatch.classifier.topology;

import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.WarcRef;

/**
 * What a page record from the pages topic must respect before it is scored. A record out of these
 * bounds did not come from a working crawler; it becomes a BAD_RECORD outcome rather than a state
 * or verdict larger than a topic accepts. Long URLs are not refused: they are cut where the results
 * are produced ({@link Bounds#url}).
 */
final class Intake {
  static final int MAX_SERVER_IP_CHARS = 64;
  static final int MAX_WARC_FIELD_CHARS = 512;
  static final int MAX_CONTENT_TYPE_CHARS = 200;

  private Intake() {}

  /** Why {@code page} is refused, or {@code null} when it may be scored. */
  static String refusal(String site, FetchedPage page) {
    if (site.length() > Bounds.MAX_SITE_CHARS) {
      return "site key of "
          + site.length()
          + " characters (a domain has at most "
          + Bounds.MAX_SITE_CHARS
          + ")";
    }
    if (page.serverIp() != null && page.serverIp().length() > MAX_SERVER_IP_CHARS) {
      return "server address of " + page.serverIp().length() + " characters";
    }
    if (page.contentType().length() > MAX_CONTENT_TYPE_CHARS) {
      return "content type of " + page.contentType().length() + " characters";
    }
    WarcRef warc = page.warc();
    if (warc != null
        && (warc.file().length() > MAX_WARC_FIELD_CHARS
            || warc.recordId().length() > MAX_WARC_FIELD_CHARS
            || warc.blockDigest().length() > MAX_WARC_FIELD_CHARS
            || warc.payloadDigest().length() > MAX_WARC_FIELD_CHARS)) {
      return "WARC reference with a field over " + MAX_WARC_FIELD_CHARS + " characters";
    }
    return null;
  }
}
