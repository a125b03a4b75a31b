package org.sitewatch.infra.cli.user;

import java.security.SecureRandom;

/**
 * Passwords the command line makes up (a reset without {@code --password-stdin}, the demo's
 * accounts): 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I), about 116 bits.
 */
public final class GeneratedPassword {
  private static final String ALPHABET =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int LENGTH = 20;

  private GeneratedPassword() {}

  public static char[] create() {
    char[] out = new char[LENGTH];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return out;
  }
}
