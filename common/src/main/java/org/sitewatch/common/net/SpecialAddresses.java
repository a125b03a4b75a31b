package org.sitewatch.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses are not public unicast addresses, and what they are instead: the one
 * classification behind the crawler's address guard ({@code crawler.net.AddressPolicy}, which
 * decides what it may connect to) and the first look at a reported URL ({@code
 * sink.tips.ReportedUrls}), so that both agree on what is public.
 *
 * <p>Addresses that embed an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and local-use {@code 64:ff9b:1::/96}, 6to4 {@code
 * 2002::/16}) are judged by the embedded address. Cloud metadata and host-agent services ({@link
 * CloudMetadata}) are named first, so that a setting that opens the private ranges never opens one
 * that lives in a private range (AWS's {@code fd00:ec2::254} is unique-local) or in public space
 * (Azure's {@code 168.63.129.16}).
 */
public final class SpecialAddresses {
  /** Kinds of non-public addresses. */
  public enum Category {
    CLOUD_METADATA("a cloud metadata service address", true),
    LOOPBACK("a loopback address", false),
    PRIVATE("a private address", false),
    UNIQUE_LOCAL("an IPv6 unique-local (fc00::/7) address", false),
    ANY_LOCAL("an unspecified (any-local) address", true),
    THIS_NETWORK("a 0.0.0.0/8 (this-network) address", true),
    LINK_LOCAL("a link-local address", true),
    CGNAT("a carrier-grade NAT (100.64.0.0/10) address", true),
    IETF_PROTOCOL("an IETF protocol assignment (192.0.0.0/24) address", true),
    DOCUMENTATION("a documentation (TEST-NET) address", true),
    BENCHMARKING("a benchmarking (198.18.0.0/15) address", true),
    RELAY_ANYCAST("a deprecated 6to4 relay anycast (192.88.99.0/24) address", true),
    MULTICAST("a multicast address", true),
    RESERVED("a reserved or broadcast (240.0.0.0/4) address", true),
    DISCARD("an IPv6 discard-only (100::/64) address", true),
    TEREDO("an IPv6 Teredo tunnel (2001::/32) address", true),
    LOCAL_NAT64(
        "a local-use NAT64 (64:ff9b:1::/48) address whose embedded IPv4 address cannot be located",
        true);

    private final String description;
    private final boolean alwaysRefused;

    Category(String description, boolean alwaysRefused) {
      this.description = description;
      this.alwaysRefused = alwaysRefused;
    }

    /** What the address is, in English, e.g. {@code "a loopback address"}. */
    public String description() {
      return description;
    }

    /**
     * Never a valid target, whatever the settings say; the others (loopback, private, unique-local)
     * are opened by the settings that allow private targets (demos and tests).
     */
    public boolean alwaysRefused() {
      return alwaysRefused;
    }
  }

  private SpecialAddresses() {}

  /** Whether {@code address} is a public unicast address (it has no category). */
  public static boolean isPublic(InetAddress address) {
    return classify(address).isEmpty();
  }

  /** The non-public category of {@code address}, or empty for a public unicast address. */
  public static Optional<Category> classify(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      return classify6(v6);
    }
    return classify4(address.getAddress());
  }

  private static Optional<Category> classify6(Inet6Address v6) {
    byte[] b = v6.getAddress();
    if (CloudMetadata.isMetadata6(b)) {
      return Optional.of(Category.CLOUD_METADATA);
    }
    if (allZero(b, 0, 16)) {
      return Optional.of(Category.ANY_LOCAL);
    }
    if (allZero(b, 0, 15) && b[15] == 1) {
      return Optional.of(Category.LOOPBACK);
    }
    if (isLocalUseNat64(b) && !allZero(b, 6, 12)) {
      return Optional.of(Category.LOCAL_NAT64);
    }
    Optional<Inet4Address> embedded = embeddedIpv4(b);
    if (embedded.isPresent()) {
      return classify4(embedded.get().getAddress());
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0xff) {
      return Optional.of(Category.MULTICAST);
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return Optional.of(Category.LINK_LOCAL); // fe80::/10
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return Optional.of(
          Category.PRIVATE); // deprecated site-local fec0::/10, still routed privately
    }
    if ((first & 0xfe) == 0xfc) {
      return Optional.of(Category.UNIQUE_LOCAL);
    }
    if (first == 0x01 && second == 0x00 && allZero(b, 2, 8)) {
      return Optional.of(Category.DISCARD); // 100::/64
    }
    if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
      return Optional.of(Category.TEREDO); // 2001::/32
    }
    if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
      return Optional.of(Category.DOCUMENTATION); // 2001:db8::/32
    }
    if (first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0) {
      return Optional.of(Category.DOCUMENTATION); // 3fff::/20
    }
    return Optional.empty();
  }

  private static Optional<Category> classify4(byte[] b) {
    if (CloudMetadata.isMetadata4(b)) {
      return Optional.of(Category.CLOUD_METADATA); // also when embedded in an IPv6 address
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    int third = b[2] & 0xff;
    if (first == 127) {
      return Optional.of(Category.LOOPBACK);
    }
    if (first == 0) {
      return Optional.of(allZero(b, 0, 4) ? Category.ANY_LOCAL : Category.THIS_NETWORK);
    }
    if (first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168)) {
      return Optional.of(Category.PRIVATE);
    }
    if (first == 169 && second == 254) {
      return Optional.of(Category.LINK_LOCAL);
    }
    if (first == 100 && (second & 0xc0) == 64) {
      return Optional.of(Category.CGNAT);
    }
    if (first == 192 && second == 0 && third == 0) {
      return Optional.of(Category.IETF_PROTOCOL);
    }
    if ((first == 192 && second == 0 && third == 2)
        || (first == 198 && second == 51 && third == 100)
        || (first == 203 && second == 0 && third == 113)) {
      return Optional.of(Category.DOCUMENTATION);
    }
    if (first == 198 && (second & 0xfe) == 18) {
      return Optional.of(Category.BENCHMARKING);
    }
    if (first == 192 && second == 88 && third == 99) {
      return Optional.of(Category.RELAY_ANYCAST);
    }
    if (first >= 224 && first < 240) {
      return Optional.of(Category.MULTICAST);
    }
    if (first >= 240) {
      return Optional.of(Category.RESERVED);
    }
    return Optional.empty();
  }

  private static boolean isLocalUseNat64(byte[] b) {
    return b[0] == 0x00
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && b[4] == 0x00
        && b[5] == 0x01;
  }

  /**
   * The IPv4 address embedded in {@code b}, for the forms whose position of the IPv4 address is
   * fixed. Callers handle {@code ::} and {@code ::1} first.
   */
  private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
    int offset = -1;
    if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      offset = 12; // ::ffff:a.b.c.d (IPv4-mapped)
    } else if (allZero(b, 0, 12)) {
      offset = 12; // ::a.b.c.d (deprecated IPv4-compatible); all four bytes count
    } else if (b[0] == 0x00
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && (allZero(b, 4, 12) || (b[4] == 0 && b[5] == 1 && allZero(b, 6, 12)))) {
      offset = 12; // 64:ff9b::a.b.c.d (well-known NAT64) or 64:ff9b:1::a.b.c.d (local-use /96)
    } else if (b[0] == 0x20 && b[1] == 0x02) {
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
