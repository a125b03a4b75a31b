package org.sitewatch.web.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=..,t=..,p=..$salt$hash}, unpadded base64), with Bouncy Castle's generator. The
 * defaults follow OWASP's minimum (19 MiB, two passes, one lane); a stored hash keeps its own
 * parameters, so raising them later still verifies old hashes.
 */
public final class PasswordHasher {
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** The longest password accepted: hashing a megabyte would be a cheap way to load the server. */
  public static final int MAX_PASSWORD_CHARS = 1024;

  private final int memoryKiB;
  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher() {
    this(19 * 1024, 2);
  }

  public PasswordHasher(int memoryKiB, int iterations) {
    if (memoryKiB < 8 || iterations < 1) {
      throw new IllegalArgumentException("memory must be >= 8 KiB and iterations >= 1");
    }
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
  }

  public String hash(char[] password) {
    checkLength(password);
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] out = derive(password, salt, memoryKiB, iterations, 1, 32);
    return "$argon2id$v=19$m="
        + memoryKiB
        + ",t="
        + iterations
        + ",p=1$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /**
   * A hash in this hasher's parameters that no password matches (its salt and hash are zeros), to
   * verify against when an account name is unknown: that takes as long as a real check, so the
   * answer's timing does not tell which names exist.
   */
  public String unmatchable() {
    return "$argon2id$v=19$m="
        + memoryKiB
        + ",t="
        + iterations
        + ",p=1$"
        + B64.encodeToString(new byte[16])
        + "$"
        + B64.encodeToString(new byte[32]);
  }

  /** Whether {@code password} matches {@code encoded}; false for an empty or unreadable hash. */
  public boolean verify(char[] password, String encoded) {
    if (password == null || password.length > MAX_PASSWORD_CHARS || encoded == null) {
      return false;
    }
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) {
      return false;
    }
    int memory = Integer.parseInt(m.group(1));
    int passes = Integer.parseInt(m.group(2));
    int lanes = Integer.parseInt(m.group(3));
    if (memory > 1024 * 1024 || passes < 1 || lanes < 1) {
      return false;
    }
    byte[] salt = B64D.decode(m.group(4));
    byte[] expected = B64D.decode(m.group(5));
    byte[] actual = derive(password, salt, memory, passes, lanes, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(
      char[] password, byte[] salt, int memoryKiB, int iterations, int lanes, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(lanes)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(new String(password).getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  static void checkLength(char[] password) {
    if (password == null || password.length < 8) {
      throw new IllegalArgumentException("a password needs at least 8 characters");
    }
    if (password.length > MAX_PASSWORD_CHARS) {
      throw new IllegalArgumentException(
          "a password has at most " + MAX_PASSWORD_CHARS + " characters");
    }
  }
}
