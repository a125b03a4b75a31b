package org.sitewatch.sink.recrawl;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SeedResult;

/**
 * Reads a recrawl's SITE_CRAWLED outcome as a check: the rules of {@code docs/recrawl.md} in one
 * pure function. A status of 2xx is online (changed when the seed's hash differs from the
 * baseline); an HTTP error status, a DNS or connection failure, or a site that only redirects to
 * another one is gone; a refusal by policy or an interrupted crawl is unknown.
 */
final class CheckJudge {
  private CheckJudge() {}

  /** The check an outcome records, before it is tied to a lead. */
  record Judgement(
      CheckState state,
      OptionalInt httpStatus,
      String reason,
      String detail,
      Optional<String> seedUrl,
      Optional<String> seedSha256,
      int pages) {}

  /** Whether the outcome is the end of a scheduled re-check. */
  static boolean isRecrawl(Outcome outcome) {
    return outcome.stage() == Outcome.Stage.CRAWLER
        && outcome.kind() == Outcome.Kind.SITE_CRAWLED
        && CrawlRequest.Source.RECRAWL.name().equals(outcome.details().get("source"));
  }

  /** The URL the recrawl checked first (its seed); empty if the outcome does not say. */
  static String seedUrl(Outcome outcome) {
    return outcome.seedResult().map(SeedResult::url).orElse("");
  }

  /**
   * @param baselineSha the seed hash to compare with: the previous check's, or on the first check
   *     the lead's own evidence for that page; {@code null} if unknown (then never CHANGED)
   */
  static Judgement judge(Outcome outcome, String baselineSha) {
    // the typed seed result of a version-2 outcome, else read from a version-1 writer's details
    Optional<SeedResult> seed = outcome.seedResult();
    Map<String, String> d = outcome.details();
    OptionalInt status =
        seed.map(SeedResult::httpStatus)
            .filter(s -> s >= 100 && s <= 999)
            .map(OptionalInt::of)
            .orElse(OptionalInt.empty());
    Optional<String> sha = seed.map(SeedResult::sha256).filter(s -> !s.isBlank());
    Optional<String> seedUrl = seed.map(SeedResult::url).filter(s -> !s.isBlank());
    int pages = parsePages(d.get("pages"));
    String error = seed.map(SeedResult::error).orElse("");
    String detail = error.isEmpty() ? outcome.reason() : error;

    CheckState state;
    String reason;
    if ("true".equals(d.get("interrupted")) && pages == 0) {
      state = CheckState.UNKNOWN;
      reason = "check interrupted";
    } else if (outcome.crawlResult().filter(r -> r == CrawlResult.REFUSED).isPresent()) {
      state = CheckState.UNKNOWN;
      reason = "refused by policy";
    } else if (status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300) {
      boolean changed = baselineSha != null && sha.isPresent() && !sha.get().equals(baselineSha);
      state = changed ? CheckState.CHANGED : CheckState.ONLINE;
      reason = "HTTP " + status.getAsInt();
    } else if (status.isPresent() && status.getAsInt() >= 400) {
      state = CheckState.GONE;
      reason = "HTTP " + status.getAsInt();
    } else if (!error.isEmpty()) {
      state = CheckState.GONE;
      reason = failureReason(error);
    } else if (pages > 0) {
      // pages came but the seed's own result is unknown (an older crawler): the site is up
      state = CheckState.ONLINE;
      reason = pages + " page(s) fetched";
    } else {
      state = CheckState.GONE;
      reason = failureReason(outcome.reason());
    }
    return new Judgement(state, status, reason, detail, seedUrl, sha, pages);
  }

  /** A short, stable reason for the crawler's failure text. */
  static String failureReason(String text) {
    String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
    if (t.contains("dns lookup failed") || t.contains("unknownhost")) {
      return "DNS lookup failed";
    }
    if (t.contains("connection failed") || t.contains("connection refused")) {
      return "connection failed";
    }
    if (t.contains("timed out")) {
      return "timed out";
    }
    if (t.contains("redirects to")) {
      return "redirects to another site";
    }
    if (t.isBlank()) {
      return "nothing fetched";
    }
    return text.length() > 120 ? text.substring(0, 120) : text;
  }

  private static int parsePages(String text) {
    try {
      return text == null ? 0 : Math.max(0, Integer.parseInt(text.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
