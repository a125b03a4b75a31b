package org.sitewatch.web.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A workbench account as {@code sitewatch user list} and the admin page show it (never its hash).
 */
public record Account(
    long id,
    String name,
    Role role,
    Set<String> bureaus,
    boolean disabled,
    boolean hasPassword,
    Optional<Instant> lockedUntil,
    Settings settings,
    Instant createdAt) {
  public Account {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    bureaus = Set.copyOf(new TreeSet<>(bureaus == null ? Set.of() : bureaus));
    lockedUntil = lockedUntil == null ? Optional.empty() : lockedUntil;
    settings = settings == null ? Settings.DEFAULTS : settings;
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public Viewer viewer() {
    return new Viewer(id, name, role, bureaus);
  }

  /**
   * Per-user settings.
   *
   * @param locale {@code zh-CN} or {@code en}; empty: from the browser
   * @param timeZone an IANA zone id; empty: the server's
   * @param revealImages whether captured pages show their visual parts unblurred
   */
  public record Settings(Optional<String> locale, Optional<String> timeZone, boolean revealImages) {
    public static final Settings DEFAULTS = new Settings(Optional.empty(), Optional.empty(), false);

    public Settings {
      locale = locale == null ? Optional.empty() : locale;
      timeZone = timeZone == null ? Optional.empty() : timeZone;
    }
  }
}
