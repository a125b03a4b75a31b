package org.sitewatch.sink.workflow;

import java.util.List;
import java.util.Locale;

/**
 * The tunable parts of lead review.
 *
 * @param reopenMinWeight a dismissed lead reopens when a newer verdict carries a signal of at least
 *     this weight that the lead did not have when it was dismissed
 * @param educationDomains domains of education networks: a host equal to one of them or ending in
 *     {@code "." + domain} is on an education network ({@code edu.cn}, {@code edu}, plus any school
 *     domains the operator lists)
 * @param simhashMaxDistance two pages whose text SimHashes differ in at most this many bits are
 *     near-identical (repeat offender); 0 to 3, the range the four 16-bit band index finds
 *     exhaustively (docs/operations.md)
 */
public record ReviewPolicy(
    double reopenMinWeight, List<String> educationDomains, int simhashMaxDistance) {
  /** Weight of a single match of a strong lexicon rule (e.g. 黄色网站, 女学生). */
  public static final double DEFAULT_REOPEN_MIN_WEIGHT = 1.5;

  /** Top-level education domains of China and the United States. */
  public static final List<String> DEFAULT_EDUCATION_DOMAINS = List.of("edu.cn", "edu");

  /** A few words changed on a page of a few hundred words stay within 3 bits. */
  public static final int DEFAULT_SIMHASH_MAX_DISTANCE = 3;

  /** The largest distance the band index finds every pair for (4 bands of 16 bits). */
  public static final int MAX_SIMHASH_DISTANCE = 3;

  /** The defaults. */
  public static final ReviewPolicy DEFAULTS =
      new ReviewPolicy(DEFAULT_REOPEN_MIN_WEIGHT, DEFAULT_EDUCATION_DOMAINS);

  public ReviewPolicy {
    if (!(reopenMinWeight > 0) || Double.isInfinite(reopenMinWeight)) {
      throw new IllegalArgumentException("reopenMinWeight must be positive: " + reopenMinWeight);
    }
    if (simhashMaxDistance < 0 || simhashMaxDistance > MAX_SIMHASH_DISTANCE) {
      throw new IllegalArgumentException(
          "simhashMaxDistance must be in [0, "
              + MAX_SIMHASH_DISTANCE
              + "] (four 16-bit bands find every pair up to 3 bits apart): "
              + simhashMaxDistance);
    }
    educationDomains =
        educationDomains.stream()
            .map(d -> trimDots(d.strip().toLowerCase(Locale.ROOT)))
            .peek(
                d -> {
                  if (d.isEmpty()) {
                    throw new IllegalArgumentException("education domain must not be blank");
                  }
                })
            .distinct()
            .toList();
  }

  /** A policy with the default SimHash distance. */
  public ReviewPolicy(double reopenMinWeight, List<String> educationDomains) {
    this(reopenMinWeight, educationDomains, DEFAULT_SIMHASH_MAX_DISTANCE);
  }

  /** The defaults plus the operator's own school domains. */
  public static ReviewPolicy withSchools(List<String> schoolDomains) {
    return new ReviewPolicy(
        DEFAULT_REOPEN_MIN_WEIGHT,
        java.util.stream.Stream.concat(DEFAULT_EDUCATION_DOMAINS.stream(), schoolDomains.stream())
            .toList());
  }

  /** Whether {@code host} is on one of the education domains. */
  public boolean isEducationHost(String host) {
    String h = trimDots(host.toLowerCase(Locale.ROOT));
    return educationDomains.stream().anyMatch(d -> h.equals(d) || h.endsWith("." + d));
  }

  private static String trimDots(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '.') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '.') {
      end--;
    }
    return s.substring(start, end);
  }
}
