package org.sitewatch.crawler.fetch;

import java.io.IOException;

/**
 * A response that was received and recorded (WARC) but cannot be used as a page, e.g. one whose
 * {@code Content-Encoding} stacks more codings than the crawler undoes. The crawl reports it as a
 * {@code FETCH_FAILED} outcome with this message as the reason.
 */
public final class UnusableResponseException extends IOException {
  private static final long serialVersionUID = 1L;

  UnusableResponseException(String message) {
    super(message);
  }
}
