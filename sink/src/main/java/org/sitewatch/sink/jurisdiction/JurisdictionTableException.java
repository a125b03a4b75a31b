package org.sitewatch.sink.jurisdiction;

/** A jurisdiction table that cannot be read; the message names the file and line. */
public final class JurisdictionTableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  JurisdictionTableException(String message) {
    super(message);
  }

  JurisdictionTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
