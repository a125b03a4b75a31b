package org.sitewatch.web.signin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Failed sign-ins per client address, on top of the per-account lockout: the lockout stops guessing
 * one account's password, this stops one address from trying a few passwords against many account
 * names. An address with {@code maxFailures} failures in a window of {@code window} (the window
 * opens at its first failure) is refused until the window closes, and its attempts are not checked
 * at all meanwhile. A successful sign-in does not clear the count (else an attacker with one
 * account of their own could reset it between rounds).
 *
 * <p>Memory is bounded: at most {@code maxAddresses} addresses are tracked; when full, closed
 * windows are dropped first, then the oldest windows. Time is the injected clock's.
 */
final class LoginThrottle {
  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final int maxAddresses;
  // insertion order = order in which windows opened, so the eldest entry is the oldest window
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

  private record Window(Instant opened, int failures) {}

  LoginThrottle(Clock clock, int maxFailures, Duration window, int maxAddresses) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
    if (maxFailures < 1 || maxAddresses < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("maxFailures, maxAddresses and window must be positive");
    }
    this.maxFailures = maxFailures;
    this.maxAddresses = maxAddresses;
  }

  /** When the address may try again, if it is refused now. */
  synchronized Optional<Instant> refusedUntil(String address) {
    Instant now = clock.instant();
    Window w = windows.get(address);
    if (w == null) {
      return Optional.empty();
    }
    Instant closes = w.opened().plus(window);
    if (!now.isBefore(closes)) {
      windows.remove(address);
      return Optional.empty();
    }
    return w.failures() >= maxFailures ? Optional.of(closes) : Optional.empty();
  }

  /** Counts a failed sign-in from the address. */
  synchronized void failed(String address) {
    Instant now = clock.instant();
    Window w = windows.get(address);
    if (w == null || !now.isBefore(w.opened().plus(window))) {
      if (w != null) {
        windows.remove(address);
      }
      makeRoom(now);
      windows.put(address, new Window(now, 1));
    } else {
      windows.put(address, new Window(w.opened(), w.failures() + 1));
    }
  }

  /**
   * The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64
   * prefix (one subscriber usually holds a whole /64, and could otherwise walk through it).
   */
  static String client(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return address == null ? "" : address;
    }
    String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    try {
      // in brackets: parsed as an IPv6 literal, never looked up
      byte[] b = InetAddress.getByName("[" + literal + "]").getAddress();
      if (b.length != 16) {
        return InetAddress.getByAddress(b).getHostAddress();
      }
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        key.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
      }
      return key.append(":/64").toString();
    } catch (UnknownHostException e) {
      return address;
    }
  }

  /** How many addresses are tracked (for tests of the bound). */
  synchronized int tracked() {
    return windows.size();
  }

  private void makeRoom(Instant now) {
    if (windows.size() < maxAddresses) {
      return;
    }
    windows.values().removeIf(w -> !now.isBefore(w.opened().plus(window)));
    Iterator<Map.Entry<String, Window>> eldest = windows.entrySet().iterator();
    while (windows.size() >= maxAddresses && eldest.hasNext()) {
      eldest.next();
      eldest.remove();
    }
  }
}
