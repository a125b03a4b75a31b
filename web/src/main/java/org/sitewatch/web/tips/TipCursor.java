package org.sitewatch.web.tips;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a page of the tip queue ends: the latest tip time and the site of the page's last group
 * (the queue's order is newest first, then site descending). The next page starts strictly after
 * it, so a new tip never shifts the pages as an offset would. It travels as opaque URL-safe text; a
 * forged one only moves within the tips every viewer of the queue may see anyway.
 */
record TipCursor(Instant latest, String site) {
  TipCursor {
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(site, "site");
  }

  String encode() {
    long micros = Math.multiplyExact(latest.getEpochSecond(), 1_000_000L) + latest.getNano() / 1000;
    String raw = micros + "|" + site;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@link #encode} wrote, or empty if {@code text} is not one. */
  static Optional<TipCursor> decode(String text) {
    if (text == null || text.isEmpty() || text.length() > 512) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 2);
      if (parts.length != 2 || parts[1].isEmpty() || parts[1].length() > 253) {
        return Optional.empty();
      }
      long micros = Long.parseLong(parts[0]);
      Instant at =
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
      return Optional.of(new TipCursor(at, parts[1]));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
