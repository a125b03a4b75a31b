package org.sitewatch.sink.jurisdiction;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sitewatch.common.net.IpLiterals;

/**
 * An IPv4 or IPv6 CIDR range. Addresses are parsed as literals only: text that is not one is
 * rejected, never looked up in DNS.
 */
record AddressRange(byte[] network, int prefix, String text) {
  static AddressRange parse(String cidr) {
    int slash = cidr.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR range (address/prefix): " + cidr);
    }
    byte[] address =
        literal(cidr.substring(0, slash))
            .orElseThrow(
                () ->
                    new IllegalArgumentException("not an IP address: " + cidr.substring(0, slash)));
    int prefix;
    try {
      prefix = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix length: " + cidr.substring(slash + 1));
    }
    if (prefix < 0 || prefix > address.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + cidr);
    }
    return new AddressRange(mask(address, prefix), prefix, cidr);
  }

  /** Whether the address literal lies in this range; false for text that is no address. */
  boolean contains(String address) {
    return literal(address)
        .filter(a -> a.length == network.length)
        .map(a -> java.util.Arrays.equals(mask(a, prefix), network))
        .orElse(false);
  }

  /**
   * The bytes of an IP literal ({@link IpLiterals}, after stripping white space); empty for
   * anything else. Operator tables may zero-pad IPv4 parts ({@code 010.000.000.000}, as some
   * registry exports do): each part is read as a decimal number, as before the shared parser.
   */
  static Optional<byte[]> literal(String text) {
    String s = text.strip();
    return IpLiterals.bytes(ZERO_PADDED_QUAD.matcher(s).matches() ? unpadded(s) : s);
  }

  private static final Pattern ZERO_PADDED_QUAD =
      Pattern.compile("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

  private static String unpadded(String quad) {
    StringBuilder out = new StringBuilder(quad.length());
    for (String part : quad.split("\\.")) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(Integer.parseInt(part));
    }
    return out.toString();
  }

  private static byte[] mask(byte[] address, int prefix) {
    BigInteger value = new BigInteger(1, address);
    int bits = address.length * 8;
    BigInteger m =
        prefix == 0
            ? BigInteger.ZERO
            : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
    byte[] raw = value.and(m).toByteArray();
    byte[] out = new byte[address.length];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    return out;
  }
}
