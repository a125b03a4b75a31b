package org.sitewatch.crawler.fetch;

import java.io.IOException;

/** An exchange did not finish within {@code crawler.total-timeout-ms}. */
public final class TotalTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  TotalTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
