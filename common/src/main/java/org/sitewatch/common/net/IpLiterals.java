package org.sitewatch.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS. {@link InetAddress#getByName} only skips the
 * lookup when its argument looks like a literal, so every input is checked against a strict shape
 * first, and an IPv6 candidate is handed over in brackets (which makes the JDK refuse rather than
 * resolve it).
 *
 * <p>Accepted: a dotted-quad IPv4 address without leading zeros ({@code 010.0.0.1} could mean octal
 * to another parser, so it is no literal here), and IPv6 with or without brackets. Not accepted:
 * legacy forms such as {@code 127.1} or {@code 0x7f.0.0.1}, zone ids, surrounding white space.
 */
public final class IpLiterals {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private IpLiterals() {}

  /**
   * The address written in {@code text}, or empty when {@code text} is not such a literal (a host
   * name, a legacy form like {@code 127.1}, null or empty). An IPv4-mapped IPv6 literal gives the
   * IPv4 address, as the JDK does.
   */
  public static Optional<InetAddress> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    String t = text;
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = IPV4.matcher(t).matches();
    boolean v6 = !v4 && t.indexOf(':') >= 0 && IPV6.matcher(t).matches();
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // safe: the text is a literal (in brackets for IPv6), so no name service is consulted
      return Optional.of(InetAddress.getByName(v6 ? "[" + t + "]" : t));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The bytes of the address in {@code text} (4 or 16), or empty; see {@link #parse}. */
  public static Optional<byte[]> bytes(String text) {
    return parse(text).map(InetAddress::getAddress);
  }
}
