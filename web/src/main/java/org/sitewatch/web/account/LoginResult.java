package org.sitewatch.web.account;

import java.time.Instant;
import java.util.Optional;

/**
 * The answer to a sign-in. A refusal never says whether the name exists: unknown names, wrong
 * passwords and disabled accounts read the same to the person signing in ({@link #refused}); only a
 * lock says until when.
 */
public sealed interface LoginResult {
  /** Signed in. */
  record SignedIn(Viewer viewer) implements LoginResult {}

  /** Wrong name or password, or a disabled account. */
  record Refused() implements LoginResult {}

  /** Too many failures: no attempt is checked until {@code until}. */
  record Locked(Instant until) implements LoginResult {}

  default Optional<Viewer> signedIn() {
    return this instanceof SignedIn s ? Optional.of(s.viewer()) : Optional.empty();
  }

  static LoginResult refused() {
    return new Refused();
  }
}
