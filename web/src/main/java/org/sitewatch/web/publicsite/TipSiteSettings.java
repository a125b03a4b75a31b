package org.sitewatch.web.publicsite;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The public site's limits and defences.
 *
 * @param perClientLimit reports one client may make within {@code perClientWindow}
 * @param perClientWindow the per-client window
 * @param globalLimit reports the site takes from everyone within {@code globalWindow}
 * @param globalWindow the global window
 * @param powBits leading zero bits the browser's proof of work must find (0 turns it off; forms
 *     without JavaScript answer the self-hosted question instead)
 * @param challengeLifetime how long a form's challenge stays valid
 * @param maxBodyBytes the largest request body read; a larger one is refused before it is read
 * @param contactRetention how long a reporter's contact is kept
 * @param allowPrivateTargets take reports of loopback and private addresses (demos and tests, as
 *     {@code crawler.allow-private-addresses})
 * @param clientAddressHeader the header a trusted reverse proxy appends the client address to (e.g.
 *     {@code X-Forwarded-For}: the last entry of its last instance is used), or empty to use the
 *     connection's address. Set it only when the site is reachable solely through a proxy that
 *     appends to the header; otherwise a client chooses its own rate-limit key.
 */
public record TipSiteSettings(
    int perClientLimit,
    Duration perClientWindow,
    int globalLimit,
    Duration globalWindow,
    int powBits,
    Duration challengeLifetime,
    int maxBodyBytes,
    Duration contactRetention,
    boolean allowPrivateTargets,
    Optional<String> clientAddressHeader) {
  public TipSiteSettings {
    if (perClientLimit < 1 || globalLimit < 1) {
      throw new IllegalArgumentException("rate limits must be at least 1");
    }
    positive(perClientWindow, "perClientWindow");
    positive(globalWindow, "globalWindow");
    if (powBits < 0 || powBits > 28) {
      throw new IllegalArgumentException("powBits must be in 0..28: " + powBits);
    }
    positive(challengeLifetime, "challengeLifetime");
    if (maxBodyBytes < 1024 || maxBodyBytes > 1024 * 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be in 1 KiB..1 MiB: " + maxBodyBytes);
    }
    positive(contactRetention, "contactRetention");
    clientAddressHeader =
        clientAddressHeader == null
            ? Optional.empty()
            : clientAddressHeader.filter(h -> !h.isBlank());
  }

  /**
   * 5 reports per client per 10 minutes, 120 per minute in all, 18 bits of work, challenges valid
   * 30 minutes, 32 KiB bodies, contact kept 180 days, public targets only, no proxy header.
   */
  public static TipSiteSettings defaults() {
    return new TipSiteSettings(
        5,
        Duration.ofMinutes(10),
        120,
        Duration.ofMinutes(1),
        18,
        Duration.ofMinutes(30),
        32 * 1024,
        Duration.ofDays(180),
        false,
        Optional.empty());
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
