package org.sitewatch.crawler.net;

import java.net.InetAddress;
import java.util.Optional;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.SpecialAddresses;
import org.sitewatch.common.net.SpecialAddresses.Category;

/**
 * Decides whether the crawler may connect to an address. By default everything that is not a public
 * unicast address is refused, so that a hostile site (or a typo in a seed list) cannot make the
 * crawler probe the investigators' own network. {@code allowPrivateAddresses} (for demos and tests)
 * opens loopback and the private ranges only (10/8, 172.16/12, 192.168/16, fc00::/7 and the
 * deprecated fec0::/10); every other special-purpose range (this-network 0/8, link-local including
 * cloud metadata endpoints, carrier-grade NAT, IETF protocol assignments, documentation TEST-NETs,
 * benchmarking, multicast, reserved, discard-only, Teredo) is never a crawl target.
 *
 * <p>What each address is comes from {@link SpecialAddresses} (shared with the tip-off site's first
 * look at reported URLs); this class decides what the crawler does with it. Cloud metadata and
 * host-agent services are refused whatever the settings.
 */
final class AddressPolicy {
  static final String ALLOW_HINT =
      "set crawler.allow-private-addresses (--allow-loopback) to allow it";

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
    if (!c.alwaysRefused() && allowPrivateAddresses) {
      return Optional.empty();
    }
    String ip = address.getHostAddress();
    String subject =
        host == null || host.isEmpty() || IpLiterals.parse(host).map(address::equals).orElse(false)
            ? ip + " is "
            : host + " resolves to " + ip + ", ";
    if (c.alwaysRefused()) {
      return Optional.of("refused: " + subject + c.description() + ", never a crawl target");
    }
    return Optional.of("refused: " + subject + c.description() + "; " + ALLOW_HINT);
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
    return SpecialAddresses.classify(address);
  }
}
