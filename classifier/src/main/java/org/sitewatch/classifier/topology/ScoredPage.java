package org.sitewatch.classifier.topology;

import java.util.Objects;

/**
 * A scored page on its way to the site aggregation, with the address the crawler was asked for,
 * which the site state remembers beside the final URL to recognise the page again. Passed between
 * two processors of one task, never serialized.
 *
 * @param page the page as the site state keeps it
 * @param requestedUrl the URL the crawler requested (before redirects), or {@code null}
 */
record ScoredPage(TrackedPage page, String requestedUrl) {
  ScoredPage {
    Objects.requireNonNull(page, "page");
  }
}
