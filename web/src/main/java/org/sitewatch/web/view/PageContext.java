package org.sitewatch.web.view;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.sitewatch.web.account.Permission;
import org.sitewatch.web.account.Viewer;

/**
 * What every page template gets: who is signed in (empty on the sign-in page), the CSRF token for
 * its forms, the texts in the chosen language, the time zone for dates, and the path (for the
 * navigation).
 */
public record PageContext(
    Optional<Viewer> viewer, String csrfToken, Messages m, ZoneId zone, String path) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** A date and time in the user's zone, to the minute. */
  public String time(Instant at) {
    return at == null ? "" : TIME.format(at.atZone(zone));
  }

  /** The ISO instant, for a {@code datetime} attribute. */
  public String iso(Instant at) {
    return at == null ? "" : at.toString();
  }

  public boolean may(Permission p) {
    return viewer.map(v -> v.role().may(p)).orElse(false);
  }

  public String userName() {
    return viewer.map(Viewer::name).orElse("");
  }
}
