package org.sitewatch.classifier.page;

import java.util.Map;
import java.util.Objects;
import org.sitewatch.events.FetchedPage;

/**
 * What the classifier reads of a page.
 *
 * @param url the page URL (reported with every signal)
 * @param content the decoded body, HTML source for HTML pages; {@code null} reads as empty
 * @param contentType media type without parameters; empty means HTML
 * @param headers response headers (names matched case-insensitively); {@code null} reads as none
 */
public record PageInput(
    String url, String content, String contentType, Map<String, String> headers) {
  public PageInput {
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("url must not be blank");
    }
    content = content == null ? "" : content;
    contentType = contentType == null ? "" : contentType;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The classifier's view of a fetched page (its final URL). */
  public static PageInput from(FetchedPage page) {
    return new PageInput(page.finalUrl(), page.content(), page.contentType(), page.headers());
  }
}
