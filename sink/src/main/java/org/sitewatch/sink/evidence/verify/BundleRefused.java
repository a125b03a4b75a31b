package org.sitewatch.sink.evidence.verify;

import java.io.IOException;

/** A bundle that is not read at all: its zip structure is ambiguous, hostile or over a limit. */
final class BundleRefused extends IOException {
  private static final long serialVersionUID = 1L;

  BundleRefused(String reason) {
    super(reason);
  }
}
