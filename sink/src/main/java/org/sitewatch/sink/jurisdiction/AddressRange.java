package org.sitewatch.sink.jurisdiction;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

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
    byte[] address = literal(cidr.substring(0, slash))
        .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + cidr.substring(0, slash)));
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

  /** The bytes of an IPv4 dotted quad or an IPv6 literal; empty for anything else. */
  static Optional<byte[]> literal(String text) {
    String s = text.strip();
    if (s.contains(":")) {
      // A string with a colon is parsed as an IPv6 literal, never resolved.
      try {
        return Optional.of(InetAddress.getByName(s.startsWith("[") ? s : "[" + s + "]").getAddress());
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("[0-9]{1,3}")) {
        return Optional.empty();
      }
      int v = Integer.parseInt(parts[i]);
      if (v > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) v;
    }
    return Optional.of(bytes);
  }

  private static byte[] mask(byte[] address, int prefix) {
    BigInteger value = new BigInteger(1, address);
    int bits = address.length * 8;
    BigInteger m = prefix == 0 ? BigInteger.ZERO
        : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
    byte[] raw = value.and(m).toByteArray();
    byte[] out = new byte[address.length];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    return out;
  }
}
