package org.sitewatch.web.publicsite;

import java.util.List;
import org.sitewatch.sink.tips.ReportedUrls;

/**
 * The page after a report was taken: the receipt code, shown once, and the URLs recorded, an
 * internationalised name in both forms. Public only for the templates.
 */
public record ReceiptView(String receipt, List<Line> urls) {
  /**
   * One recorded URL.
   *
   * @param shown the URL with its host as the reporter wrote it (Unicode)
   * @param ascii the URL that is crawled (punycode host)
   */
  public record Line(String shown, String ascii, boolean internationalised) {}

  public ReceiptView {
    urls = List.copyOf(urls);
  }

  static Line line(ReportedUrls.Url u) {
    return new Line(unicode(u), u.url(), u.internationalised());
  }

  /** The URL with its host in Unicode (only the host changes: the path stays percent-encoded). */
  static String unicode(ReportedUrls.Url u) {
    if (!u.internationalised()) {
      return u.url();
    }
    int start = u.url().indexOf("://") + 3;
    return u.url().substring(0, start)
        + u.unicodeHost()
        + u.url().substring(start + u.asciiHost().length());
  }
}
