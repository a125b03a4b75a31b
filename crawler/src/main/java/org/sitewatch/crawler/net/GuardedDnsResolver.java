package org.sitewatch.crawler.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.DnsResolver;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.CrawlerSettings;

/**
 * The only way the crawler's HTTP client learns addresses. Order: the fixed {@code resolve} map,
 * then IP literals, then (unless only resolved hosts are allowed) the system resolver. Every
 * address is then checked by the {@link AddressPolicy}; one refused address refuses the host.
 * Because the check runs on exactly the address handed to the connection, a name that is re-pointed
 * between two lookups (DNS rebinding) is checked again each time.
 *
 * <p>Only the first allowed address is returned, so the address recorded for a host is the one the
 * connection really used; {@link #addressOf} serves it for {@code FetchedPage.serverIp}.
 */
public final class GuardedDnsResolver implements DnsResolver {
  /** The system resolver, replaceable in tests so that they never touch real DNS. */
  public interface SystemResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Map<String, String> fixed;
  private final boolean onlyResolvedHosts;
  private final AddressPolicy policy;
  private final SystemResolver system;
  private final Map<String, String> used = new ConcurrentHashMap<>();

  public GuardedDnsResolver(CrawlerSettings settings) {
    this(settings, InetAddress::getAllByName);
  }

  /**
   * A resolver that asks {@code system} instead of the system resolver (tests: a name that answers
   * with a refused address while the test server listens on loopback).
   */
  public GuardedDnsResolver(CrawlerSettings settings, SystemResolver system) {
    this(
        settings.resolve(),
        settings.onlyResolvedHosts(),
        new AddressPolicy(settings.allowPrivateAddresses()),
        system);
  }

  GuardedDnsResolver(
      Map<String, String> fixed,
      boolean onlyResolvedHosts,
      AddressPolicy policy,
      SystemResolver system) {
    this.fixed = Map.copyOf(fixed);
    this.onlyResolvedHosts = onlyResolvedHosts;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.system = Objects.requireNonNull(system, "system");
  }

  @Override
  public InetAddress[] resolve(String rawHost) throws UnknownHostException {
    String host;
    try {
      host = Sites.normalizeHost(rawHost);
    } catch (IllegalArgumentException e) {
      throw new UnknownHostException(e.getMessage());
    }
    InetAddress[] candidates = candidates(host);
    if (candidates.length == 0) {
      throw new UnknownHostException("no address for host " + host);
    }
    for (InetAddress address : candidates) {
      policy.check(host, address);
    }
    InetAddress chosen = candidates[0];
    used.put(host, chosen.getHostAddress());
    return new InetAddress[] {chosen};
  }

  private InetAddress[] candidates(String host) throws UnknownHostException {
    String ip = fixed.get(host);
    if (ip != null) {
      InetAddress literal = IpLiterals.parse(ip).orElseThrow();
      return new InetAddress[] {InetAddress.getByAddress(host, literal.getAddress())};
    }
    Optional<InetAddress> literal = IpLiterals.parse(host);
    if (literal.isPresent()) {
      if (onlyResolvedHosts && !literal.get().isLoopbackAddress()) {
        throw new RefusedAddressException(
            "refused: "
                + host
                + " is not a loopback address and crawler.only-resolved-hosts allows no other"
                + " literal");
      }
      return new InetAddress[] {literal.get()};
    }
    if (onlyResolvedHosts) {
      throw new RefusedAddressException(
          "refused: host "
              + host
              + " is not in crawler.resolve and crawler.only-resolved-hosts is set, so it is not"
              + " looked up");
    }
    return system.resolve(host);
  }

  @Override
  public String resolveCanonicalHostname(String host) {
    // never ask for reverse or canonical names: each would be one more lookup leaving the machine
    return host;
  }

  /** The address last used for {@code host}, or {@code null} if it was never resolved here. */
  public String addressOf(String host) {
    try {
      return used.get(Sites.normalizeHost(host));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
