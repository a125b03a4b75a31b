package org.sitewatch.web.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, kept in memory (a restart signs everyone out): a random 256-bit id in an
 * HttpOnly, SameSite=Strict cookie (Secure under TLS), one CSRF token per session, and an idle
 * timeout measured on the injected clock.
 */
public final class Sessions {
  public static final String COOKIE = "sw_session";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_SESSIONS = 10_000;

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration idleTimeout;

  public Sessions(Clock clock, Duration idleTimeout) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  /** Starts a session for the account and returns it. */
  Session open(long accountId) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> expired(s, now));
    }
    Session s = new Session(random(), accountId, random(), now);
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with this id, touched; an idle one is ended. */
  Optional<Session> find(String id) {
    if (id == null || id.length() != 43) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (expired(s, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    Session touched = s.seen(now);
    sessions.put(id, touched);
    return Optional.of(touched);
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of the account (disabled, password changed). */
  public void closeAll(long accountId) {
    sessions.values().removeIf(s -> s.accountId() == accountId);
  }

  static boolean sameToken(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private boolean expired(Session s, Instant now) {
    return s.lastSeen().plus(idleTimeout).isBefore(now);
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
