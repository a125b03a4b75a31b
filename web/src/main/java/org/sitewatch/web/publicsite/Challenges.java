package org.sitewatch.web.publicsite;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The form's challenge, instead of any third-party CAPTCHA: a token signed by this server (HMAC
 * with a key held in memory) that carries its issue time, a random id and a tag of the answer to a
 * small arithmetic question; it is valid for {@code lifetime} and only once. The form passes with
 * either a proof of work on the token (what {@code pow.js} computes: a nonce N such that SHA-256 of
 * {@code token + ":" + N} has {@code powBits} leading zero bits) or the right answer to the
 * question (the way without JavaScript). The answer is not in the token: only its HMAC tag is, so
 * it cannot be read out of the page, only worked out from the question.
 */
final class Challenges {
  /** How many used ids are remembered at most; beyond that new forms are refused until some age. */
  static final int MAX_REMEMBERED = 200_000;

  /** What the check of a form's challenge found. */
  enum Outcome {
    OK,
    /** No token, or not one of ours (altered, from another server or an earlier start). */
    MISSING,
    EXPIRED,
    REUSED,
    /** Neither a proof of work nor an answer was given. */
    UNANSWERED,
    /** The proof of work did not hold or the answer was wrong. */
    WRONG
  }

  /**
   * A challenge to put in a form.
   *
   * @param token the signed token (field {@code challenge})
   * @param a the question's first number
   * @param plus whether the question adds (else subtracts)
   * @param b the question's second number
   */
  record Challenge(String token, int a, boolean plus, int b) {}

  private final Clock clock;
  private final Duration lifetime;
  private final int powBits;
  private final SecureRandom random;
  private final byte[] key = new byte[32];
  private final Map<String, Instant> used = new LinkedHashMap<>();

  Challenges(Clock clock, Duration lifetime, int powBits, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.powBits = powBits;
    this.random = Objects.requireNonNull(random, "random");
    random.nextBytes(key);
  }

  int powBits() {
    return powBits;
  }

  /** A new challenge. */
  Challenge issue() {
    byte[] idBytes = new byte[12];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    boolean plus = random.nextBoolean();
    int a = 1 + random.nextInt(10);
    int b = 1 + random.nextInt(10);
    if (!plus && b > a) {
      int t = a;
      a = b;
      b = t;
    }
    int answer = plus ? a + b : a - b;
    String payload = clock.millis() + "." + id + "." + answerTag(id, Integer.toString(answer));
    String token = payload + "." + base64(mac("token|" + payload));
    return new Challenge(token, a, plus, b);
  }

  /**
   * Checks a form's challenge and uses it up (a token with a valid signature counts as used, right
   * or wrong, so that answers cannot be tried one after another on one token).
   *
   * @param pow the proof of work (decimal), or blank
   * @param answer the answer to the question, or blank
   */
  Outcome check(String token, String pow, String answer) {
    if (token == null || token.length() > 200) {
      return Outcome.MISSING;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4) {
      return Outcome.MISSING;
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    if (!MessageDigest.isEqual(
        base64(mac("token|" + payload)).getBytes(StandardCharsets.US_ASCII),
        parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return Outcome.MISSING;
    }
    Instant issued;
    try {
      issued = Instant.ofEpochMilli(Long.parseLong(parts[0]));
    } catch (NumberFormatException e) {
      return Outcome.MISSING;
    }
    Instant now = clock.instant();
    if (now.isAfter(issued.plus(lifetime)) || now.plusSeconds(60).isBefore(issued)) {
      return Outcome.EXPIRED;
    }
    if (!use(parts[1], issued.plus(lifetime), now)) {
      return Outcome.REUSED;
    }
    boolean gavePow = pow != null && !pow.isBlank();
    String given = normalizeAnswer(answer);
    if (!gavePow && given.isEmpty()) {
      return Outcome.UNANSWERED;
    }
    if (gavePow && worked(token, pow.strip())) {
      return Outcome.OK;
    }
    if (!given.isEmpty()
        && MessageDigest.isEqual(
            answerTag(parts[1], given).getBytes(StandardCharsets.US_ASCII),
            parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return Outcome.OK;
    }
    return Outcome.WRONG;
  }

  /** Whether SHA-256 of {@code token:nonce} starts with {@link #powBits} zero bits. */
  boolean worked(String token, String nonce) {
    if (nonce.isEmpty() || nonce.length() > 20 || !nonce.chars().allMatch(Challenges::digit)) {
      return false;
    }
    byte[] h;
    try {
      h =
          MessageDigest.getInstance("SHA-256")
              .digest((token + ":" + nonce).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    return leadingZeroBits(h) >= powBits;
  }

  static int leadingZeroBits(byte[] h) {
    int bits = 0;
    for (byte x : h) {
      if (x == 0) {
        bits += 8;
        continue;
      }
      return bits + Integer.numberOfLeadingZeros(x & 0xff) - 24;
    }
    return bits;
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Digits only (full-width digits folded), leading zeros dropped; empty if not a number. */
  static String normalizeAnswer(String answer) {
    if (answer == null) {
      return "";
    }
    String a = Normalizer.normalize(answer, Normalizer.Form.NFKC).strip();
    if (a.isEmpty() || a.length() > 6 || !a.chars().allMatch(Challenges::digit)) {
      return a.isEmpty() ? "" : "x";
    }
    return Integer.toString(Integer.parseInt(a));
  }

  private synchronized boolean use(String id, Instant expires, Instant now) {
    if (used.containsKey(id)) {
      return false;
    }
    // ids come in roughly in the order they expire: forget the expired ones at the head
    for (Iterator<Instant> it = used.values().iterator(); it.hasNext(); ) {
      if (!it.next().isBefore(now)) {
        break;
      }
      it.remove();
    }
    if (used.size() >= MAX_REMEMBERED) {
      for (Iterator<Instant> it = used.values().iterator(); it.hasNext(); ) {
        if (it.next().isBefore(now)) {
          it.remove();
        }
      }
      if (used.size() >= MAX_REMEMBERED) {
        return false; // cannot remember one more: refuse rather than allow a replay
      }
    }
    used.put(id, expires);
    return true;
  }

  private String answerTag(String id, String answer) {
    return base64(mac("answer|" + id + "|" + answer)).substring(0, 22);
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String base64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
