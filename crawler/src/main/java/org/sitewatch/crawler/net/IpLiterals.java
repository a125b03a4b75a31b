package org.sitewatch.crawler.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS. {@link InetAddress#getByName} only skips the
 * lookup when its argument looks like a literal, so every input is checked against a strict shape
 * first.
 */
public final class IpLiterals {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private IpLiterals() {}

  /**
   * The address written in {@code text} (dotted-quad IPv4, or IPv6 with or without brackets), or
   * empty when {@code text} is not such a literal (a host name, or a legacy form like {@code
   * 127.1}).
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
      // safe: the text is a literal, so no name service is consulted
      return Optional.of(InetAddress.getByName(t));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code text} is an IP literal in the sense of {@link #parse}. */
  static boolean isLiteral(String text) {
    return parse(text).isPresent();
  }
}
