package org.sitewatch.sink.tips;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import org.sitewatch.common.digest.Sha256;

/**
 * Receipt codes: 16 characters of Crockford's base32 (80 random bits), shown as {@code
 * XXXX-XXXX-XXXX-XXXX}. Only their SHA-256 is stored, so the database cannot hand a receipt out; a
 * code is read back forgivingly (lower case, spaces, dashes, O for 0, I and L for 1).
 */
public final class Receipts {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final int LENGTH = 16;

  private final SecureRandom random;

  public Receipts(SecureRandom random) {
    this.random = random;
  }

  public Receipts() {
    this(new SecureRandom());
  }

  /** A new code, grouped for reading: {@code 7K2M-...}. */
  public String next() {
    StringBuilder b = new StringBuilder(LENGTH + 3);
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** The canonical form of what a reporter typed (16 characters), or empty if it cannot be one. */
  public static Optional<String> normalize(String typed) {
    if (typed == null || typed.length() > 64) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder(LENGTH);
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || c == ' ') {
        continue;
      }
      char d = c == 'O' ? '0' : (c == 'I' || c == 'L') ? '1' : c;
      if (ALPHABET.indexOf(d) < 0) {
        return Optional.empty();
      }
      b.append(d);
    }
    return b.length() == LENGTH ? Optional.of(b.toString()) : Optional.empty();
  }

  /** The stored form: SHA-256 hex of the canonical code. */
  public static String hash(String canonical) {
    return Sha256.hex(canonical);
  }
}
