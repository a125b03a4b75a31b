package org.sitewatch.web.http;

import java.time.Instant;

/** A signed-in browser: the account, its CSRF token, and when it was last seen. */
record Session(String id, long accountId, String csrfToken, Instant lastSeen) {
  Session seen(Instant at) {
    return new Session(id, accountId, csrfToken, at);
  }
}
