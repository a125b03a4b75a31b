package org.sitewatch.classifier.signals;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import org.sitewatch.common.digest.Sha256;

/**
 * Checksums of crypto-currency addresses, so that a random 34-character word on a page is not taken
 * for a wallet: Base58Check (TRON {@code T...} addresses as used for USDT-TRC20, legacy Bitcoin
 * {@code 1...}/{@code 3...}) and Bech32/Bech32m (Bitcoin {@code bc1...}).
 */
final class PaymentAddresses {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  private PaymentAddresses() {}

  /** A TRON address: Base58Check of 25 bytes with version byte 0x41. */
  static boolean isTron(String s) {
    byte[] raw = base58Check(s);
    return s.length() == 34
        && s.charAt(0) == 'T'
        && raw != null
        && raw.length == 21
        && raw[0] == 0x41;
  }

  /** A legacy Bitcoin address: Base58Check with version 0x00 (P2PKH) or 0x05 (P2SH). */
  static boolean isBitcoinLegacy(String s) {
    byte[] raw = base58Check(s);
    return raw != null && raw.length == 21 && (raw[0] == 0x00 || raw[0] == 0x05);
  }

  /** A segwit Bitcoin address {@code bc1...} with a valid Bech32 or Bech32m checksum. */
  static boolean isBitcoinBech32(String s) {
    if (s.length() < 14 || s.length() > 90) {
      return false;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.equals(s) && !s.toUpperCase(Locale.ROOT).equals(s)) {
      return false;
    }
    if (!lower.startsWith("bc1")) {
      return false;
    }
    int[] values = new int[lower.length() - 3];
    for (int i = 3; i < lower.length(); i++) {
      int v = BECH32.indexOf(lower.charAt(i));
      if (v < 0) {
        return false;
      }
      values[i - 3] = v;
    }
    int[] expanded = {3, 3, 0, 2, 3}; // "bc" expanded per BIP-173: high bits, 0, low bits
    int[] all = new int[expanded.length + values.length];
    System.arraycopy(expanded, 0, all, 0, expanded.length);
    System.arraycopy(values, 0, all, expanded.length, values.length);
    int polymod = polymod(all);
    return polymod == 1 || polymod == 0x2bc830a3;
  }

  private static int polymod(int[] values) {
    int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    int chk = 1;
    for (int v : values) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) != 0) {
          chk ^= gen[i];
        }
      }
    }
    return chk;
  }

  /** The payload of a Base58Check string without its 4-byte checksum, or null when invalid. */
  static byte[] base58Check(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    BigInteger n = BigInteger.ZERO;
    int leadingZeros = 0;
    boolean leading = true;
    for (int i = 0; i < s.length(); i++) {
      int digit = BASE58.indexOf(s.charAt(i));
      if (digit < 0) {
        return null;
      }
      if (leading && digit == 0) {
        leadingZeros++;
      } else {
        leading = false;
      }
      n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
    }
    byte[] body = n.toByteArray();
    int skip = body.length > 1 && body[0] == 0 ? 1 : 0;
    if (n.signum() == 0) {
      skip = body.length;
    }
    byte[] decoded = new byte[leadingZeros + body.length - skip];
    System.arraycopy(body, skip, decoded, leadingZeros, body.length - skip);
    if (decoded.length < 5) {
      return null;
    }
    byte[] payload = Arrays.copyOf(decoded, decoded.length - 4);
    byte[] check = Arrays.copyOfRange(Sha256.digest(Sha256.digest(payload)), 0, 4);
    byte[] given = Arrays.copyOfRange(decoded, decoded.length - 4, decoded.length);
    return Arrays.equals(check, given) ? payload : null;
  }

  /** Base58Check encoding, for tests that need addresses with a valid checksum. */
  static String encodeBase58Check(byte[] payload) {
    byte[] check = Arrays.copyOfRange(Sha256.digest(Sha256.digest(payload)), 0, 4);
    byte[] all = Arrays.copyOf(payload, payload.length + 4);
    System.arraycopy(check, 0, all, payload.length, 4);
    BigInteger n = new BigInteger(1, all);
    StringBuilder sb = new StringBuilder();
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(FIFTY_EIGHT);
      sb.append(BASE58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (byte b : all) {
      if (b != 0) {
        break;
      }
      sb.append('1');
    }
    return sb.reverse().toString();
  }
}
