package org.sitewatch.web.publicsite;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of client addresses: HMAC-SHA256 with a random key held only in memory that rotates
 * every {@code period}, the previous key kept for one more period. The hash of the current key is
 * what a report stores ({@code tip_report.client_hash}) and what the rate limits count by; the
 * previous key's hash lets a limit carry over a rotation. The address itself is never kept: after
 * the key is gone (two periods, or a restart) not even this process can link a hash to an address.
 */
final class ClientKeys {
  /** Hex characters of a hash kept (128 bits). */
  static final int HASH_CHARS = 32;

  private final Clock clock;
  private final Duration period;
  private final SecureRandom random;
  private long currentPeriod = Long.MIN_VALUE;
  private byte[] current;
  private byte[] previous;

  ClientKeys(Clock clock, Duration period, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.period = Objects.requireNonNull(period, "period");
    this.random = Objects.requireNonNull(random, "random");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
  }

  /** The hash of {@code address} under the current key, then under the previous one (if any). */
  synchronized List<String> hashes(String address) {
    rotate();
    String key = clientKey(address);
    String now = hash(current, key);
    return previous == null ? List.of(now) : List.of(now, hash(previous, key));
  }

  /**
   * What a client is counted as: an IPv6 address by its /64 (the last 64 bits zeroed: one
   * subscriber usually holds a whole /64 and can rotate through it), an IPv4-mapped IPv6 address as
   * its IPv4 address, anything else as given. Only literals are parsed, never looked up.
   */
  static String clientKey(String address) {
    String a = address.strip();
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    if (!a.contains(":")) {
      return a; // IPv4 (or not an address): as it is
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    InetAddress parsed;
    try {
      // with a colon it is only ever parsed as an IPv6 literal, never resolved
      parsed = InetAddress.getByName(a);
    } catch (UnknownHostException | SecurityException e) {
      return address;
    }
    byte[] b = parsed.getAddress();
    if (parsed instanceof Inet4Address) {
      return parsed.getHostAddress(); // IPv4-mapped
    }
    if (b.length != 16) {
      return address;
    }
    Arrays.fill(b, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(b).getHostAddress() + "/64";
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  /** The hash of {@code address} under the current key: what is stored. */
  String hash(String address) {
    return hashes(address).get(0);
  }

  private void rotate() {
    long p = Math.floorDiv(clock.millis(), period.toMillis());
    if (p == currentPeriod) {
      return;
    }
    // a key older than one period is dropped, also after a long quiet time
    previous = p == currentPeriod + 1 ? current : null;
    current = new byte[32];
    random.nextBytes(current);
    currentPeriod = p;
  }

  private static String hash(byte[] key, String address) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal(address.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, HASH_CHARS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
