package org.sitewatch.sink.recrawl;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One recorded re-check of a lead's site.
 *
 * @param leadId the lead
 * @param site its site
 * @param checkedAt when the crawler finished the check
 * @param state what the check found
 * @param httpStatus the seed's HTTP status, if a response came
 * @param reason a short reason ({@code HTTP 404}, {@code DNS lookup failed}, ...)
 * @param detail the crawler's own words, possibly empty
 * @param seedUrl the page checked (after redirects inside the site), if one was fetched
 * @param seedSha256 SHA-256 of that page's body, if one was fetched
 * @param pages pages the check fetched
 */
public record LeadCheck(
    long leadId,
    String site,
    Instant checkedAt,
    CheckState state,
    OptionalInt httpStatus,
    String reason,
    String detail,
    Optional<String> seedUrl,
    Optional<String> seedSha256,
    int pages) {
  public LeadCheck {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(httpStatus, "httpStatus");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
    Objects.requireNonNull(seedUrl, "seedUrl");
    Objects.requireNonNull(seedSha256, "seedSha256");
    if (pages < 0) {
      throw new IllegalArgumentException("pages must be >= 0: " + pages);
    }
  }
}
