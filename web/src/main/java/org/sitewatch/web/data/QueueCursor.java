package org.sitewatch.web.data;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a page of the queue ends: the queue order's key (priority descending, score descending,
 * site ascending) of the page's last lead. The next page starts strictly after it, so a lead opened
 * or re-scored meanwhile never shifts the pages the way an offset would, and each page costs the
 * same however deep it is. It travels as an opaque URL-safe text; a forged one only moves within
 * the leads the viewer may see anyway.
 */
public record QueueCursor(int priority, double score, String site) {
  public QueueCursor {
    Objects.requireNonNull(site, "site");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
  }

  /** The cursor as URL-safe text. */
  public String encode() {
    String raw = priority + "|" + Long.toHexString(Double.doubleToLongBits(score)) + "|" + site;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@link #encode} wrote, or empty if {@code text} is not one. */
  public static Optional<QueueCursor> decode(String text) {
    if (text == null || text.isEmpty() || text.length() > 512) {
      return Optional.empty();
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 3);
      if (parts.length != 3 || parts[2].isEmpty() || parts[2].length() > 253) {
        return Optional.empty();
      }
      return Optional.of(
          new QueueCursor(
              Integer.parseInt(parts[0]),
              Double.longBitsToDouble(Long.parseUnsignedLong(parts[1], 16)),
              parts[2]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
