package org.sitewatch.infra.demo;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One fictional website of the demo farm, as listed in {@code demo-farm/sites.tsv}.
 *
 * @param host the canonical host name the site is served under (lower case, no port)
 * @param language {@code "zh"} or {@code "en"}
 * @param kind {@code "ordinary"}, {@code "adult"} or {@code "hard-negative"}
 * @param expectLead whether a correct pipeline should open a lead for this site
 * @param description one line saying what the site imitates and what it exercises
 */
public record FarmSite(
    String host, String language, String kind, boolean expectLead, String description) {

  /** An ordinary site that must not become a lead. */
  public static final String ORDINARY = "ordinary";

  /** An adult-looking site that should become a lead. */
  public static final String ADULT = "adult";

  /** A site full of the same words as adult sites (news, health, lingerie) that must not. */
  public static final String HARD_NEGATIVE = "hard-negative";

  private static final Set<String> LANGUAGES = Set.of("zh", "en");
  private static final Set<String> KINDS = Set.of(ORDINARY, ADULT, HARD_NEGATIVE);
  private static final Pattern HOST =
      Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

  public FarmSite {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    if (!HOST.matcher(host).matches() || !host.equals(host.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("not a lower-case host name: " + host);
    }
    if (!LANGUAGES.contains(language)) {
      throw new IllegalArgumentException("language must be one of " + LANGUAGES + ": " + language);
    }
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind must be one of " + KINDS + ": " + kind);
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description is blank for " + host);
    }
  }
}
