package org.sitewatch.sink.operations;

import java.time.Instant;
import java.util.Objects;
import org.sitewatch.sink.lead.IdentifierStrength;

/**
 * An identifier on the ignore list: it links no leads and makes no repeat offender (a shared CDN
 * address, a filing number copied from a legitimate site, a template's text SimHash).
 *
 * @param type identifier type, or {@link IdentifierStrength#TEXT_SIMHASH}
 * @param value its value as extracted (for SimHashes, 16 hex digits)
 * @param reason why it is ignored
 * @param by who put it on the list
 * @param at when
 */
public record IgnoredIdentifier(String type, String value, String reason, String by, Instant at) {
  public IgnoredIdentifier {
    requireText(type, "type");
    requireText(value, "value");
    requireText(reason, "reason");
    requireText(by, "by");
    Objects.requireNonNull(at, "at");
  }

  private static void requireText(String s, String name) {
    Objects.requireNonNull(s, name);
    if (s.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
