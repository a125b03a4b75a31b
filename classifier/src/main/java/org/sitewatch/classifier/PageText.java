package org.sitewatch.classifier;

import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;

/**
 * A page prepared once for all detectors: the visible text that keyword snippets are cut from,
 * and the parsed document when the page was HTML.
 *
 * @param text title, meta description, meta keywords and body text, one per line
 * @param document the parsed HTML, empty for plain text or unreadable input
 * @param headers response headers, names lower-cased
 */
record PageText(String text, Optional<Document> document, Map<String, String> headers) {
  static final PageText EMPTY = new PageText("", Optional.empty(), Map.of());
}
