package org.sitewatch.classifier.lists;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a public blocklist writes its entries. */
public enum ListFormat {
  /** One domain per line; {@code #} starts a comment. */
  DOMAINS("domains"),
  /**
   * A hosts file: an address followed by one or more host names ({@code 0.0.0.0 example.com}); the
   * usual preamble names ({@code localhost}, {@code broadcasthost}, ...) are passed over.
   */
  HOSTS("hosts"),
  /**
   * An e2guardian or UT1 domain list: one domain per line, {@code #} comments, optional {@code *.}
   * or leading dot; e2guardian directives ({@code .Include<...>}) are not followed.
   */
  E2GUARDIAN("e2guardian");

  private final String label;

  ListFormat(String label) {
    this.label = label;
  }

  /** The name used on the command line and in a list file's header. */
  public String label() {
    return label;
  }

  /** The format called {@code label} (case-insensitive). */
  public static Optional<ListFormat> byLabel(String label) {
    return Arrays.stream(values())
        .filter(f -> f.label.equals(label.strip().toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
