package org.sitewatch.crawler;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decides whether the crawler may connect to an address. By default everything that is not a public
 * unicast address is refused, so that a hostile site (or a typo in a seed list) cannot make the
 * crawler probe the investigators' own network. Addresses that embed an IPv4 address (IPv4- mapped,
 * IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by the embedded
 * address.
 */
final class AddressPolicy {
  static final String ALLOW_HINT =
      "set crawler.allow-private-addresses (--allow-loopback) to allow it";

  /** Kinds of non-public addresses. */
  enum Category {
    LOOPBACK("a loopback address", false),
    ANY_LOCAL("an unspecified (any-local) address", false),
    THIS_NETWORK("a 0.0.0.0/8 (this-network) address", false),
    PRIVATE("a private address", false),
    UNIQUE_LOCAL("an IPv6 unique-local (fc00::/7) address", false),
    LINK_LOCAL("a link-local address", false),
    CGNAT("a carrier-grade NAT (100.64.0.0/10) address", false),
    MULTICAST("a multicast address", true),
    RESERVED("a reserved or broadcast (240.0.0.0/4) address", true);

    final String description;

    /** Never a valid crawl target, whatever the settings say. */
    final boolean alwaysRefused;

    Category(String description, boolean alwaysRefused) {
      this.description = description;
      this.alwaysRefused = alwaysRefused;
    }
  }

  private final boolean allowPrivateAddresses;

  AddressPolicy(boolean allowPrivateAddresses) {
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  /**
   * Why connecting to {@code address} for {@code host} is refused, or empty when it is allowed.
   *
   * @param host the host name being resolved, or the literal itself
   */
  Optional<String> refusal(String host, InetAddress address) {
    Optional<Category> category = classify(address);
    if (category.isEmpty()) {
      return Optional.empty();
    }
    Category c = category.get();
    if (!c.alwaysRefused && allowPrivateAddresses) {
      return Optional.empty();
    }
    String ip = address.getHostAddress();
    String subject =
        host == null || host.isEmpty() || IpLiterals.parse(host).map(address::equals).orElse(false)
            ? ip + " is "
            : host + " resolves to " + ip + ", ";
    if (c.alwaysRefused) {
      return Optional.of("refused: " + subject + c.description + ", never a crawl target");
    }
    return Optional.of("refused: " + subject + c.description + "; " + ALLOW_HINT);
  }

  /** Throws when {@link #refusal} is not empty. */
  void check(String host, InetAddress address) throws RefusedAddressException {
    Optional<String> reason = refusal(host, address);
    if (reason.isPresent()) {
      throw new RefusedAddressException(reason.get());
    }
  }

  /** The non-public category of {@code address}, or empty for a public unicast address. */
  static Optional<Category> classify(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      Optional<Inet4Address> embedded = embeddedIpv4(v6.getAddress());
      if (embedded.isPresent()) {
        return classify(embedded.get());
      }
      byte[] b = v6.getAddress();
      if (v6.isLoopbackAddress()) {
        return Optional.of(Category.LOOPBACK);
      }
      if (v6.isAnyLocalAddress()) {
        return Optional.of(Category.ANY_LOCAL);
      }
      if (v6.isMulticastAddress()) {
        return Optional.of(Category.MULTICAST);
      }
      if (v6.isLinkLocalAddress()) {
        return Optional.of(Category.LINK_LOCAL);
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return Optional.of(Category.UNIQUE_LOCAL);
      }
      if (v6.isSiteLocalAddress()) { // deprecated fec0::/10, still routed privately
        return Optional.of(Category.PRIVATE);
      }
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (address.isLoopbackAddress()) {
      return Optional.of(Category.LOOPBACK);
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of(Category.ANY_LOCAL);
    }
    if (first == 0) {
      return Optional.of(Category.THIS_NETWORK);
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of(Category.PRIVATE);
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of(Category.LINK_LOCAL);
    }
    if (first == 100 && (second & 0xc0) == 64) {
      return Optional.of(Category.CGNAT);
    }
    if (address.isMulticastAddress()) {
      return Optional.of(Category.MULTICAST);
    }
    if (first >= 240) {
      return Optional.of(Category.RESERVED);
    }
    return Optional.empty();
  }

  private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
    int offset = -1;
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      offset = 12; // ::ffff:a.b.c.d
    } else if (allZero(b, 0, 12) && !allZero(b, 12, 15)) {
      offset = 12; // ::a.b.c.d (deprecated IPv4-compatible), but not :: or ::1
    } else if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12)) {
      offset = 12; // 64:ff9b::a.b.c.d (NAT64)
    } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      offset = 2; // 2002:aabb:ccdd::/48 (6to4)
    }
    if (offset < 0) {
      return Optional.empty();
    }
    byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(v4));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always a valid IPv4 address", e);
    }
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
