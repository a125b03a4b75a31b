package org.sitewatch.events;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one work item, keyed by site on the outcomes topic. Failures are data: a page
 * that cannot be fetched, decoded, parsed or scored becomes an outcome with its reason instead of
 * disappearing. Successful completions of whole work items (a site crawled) are recorded here too,
 * so that the outcome topic answers "what happened to everything that was asked for".
 *
 * @param v schema version (2; version 1 had no {@code result} and {@code seed})
 * @param site the site the item belongs to
 * @param url the URL concerned, or {@code null} for site-level outcomes
 * @param stage which stage recorded it
 * @param kind what happened
 * @param reason a human-readable reason, e.g. the exception message or the refusal rule
 * @param at when it happened
 * @param details extra facts (e.g. {@code pages=12}), string-valued
 * @param result how a site crawl ended, on {@code SITE_CRAWLED} (version 2; {@code null} otherwise
 *     and from a version-1 writer: use {@link #crawlResult()}, which reads both)
 * @param seed what became of the crawl's seed, on {@code SITE_CRAWLED} (version 2; {@code null}
 *     otherwise and from a version-1 writer: use {@link #seedResult()}, which reads both)
 */
public record Outcome(
    int v,
    String site,
    String url,
    Stage stage,
    Kind kind,
    String reason,
    Instant at,
    Map<String, String> details,
    CrawlResult result,
    @JsonDeserialize(using = SeedResult.Lenient.class) SeedResult seed) {
  /**
   * Version 2 adds {@code result} and {@code seed}. Writers keep the version-1 {@code details}
   * entries ({@code result}, {@code seedStatus} ...) as well for one version, so a version-1 reader
   * still judges recrawl checks; readers use {@link #crawlResult()} and {@link #seedResult()}.
   */
  public static final int VERSION = 2;

  /**
   * The {@code details} key of a {@code SITE_CRAWLED} outcome that names the crawl request it
   * answers ({@code <topic>:<partition>:<offset>:<requestedAt millis>} of the request record,
   * unique even when a topic's offsets start again): the same for every attempt at that request, so
   * a consumer that sees it twice (a worker killed between the outcome and its checkpoint, then
   * resumed by another) counts the crawl once.
   */
  public static final String CRAWL_ID = "crawlId";

  /** The stage that recorded an outcome. */
  public enum Stage {
    CRAWLER,
    CLASSIFIER,
    SINK
  }

  /**
   * Outcome kinds. New kinds may be added; readers must tolerate unknown ones as {@link #OTHER}.
   */
  public enum Kind {
    /** A site's crawl finished; details carry page and failure counts. */
    SITE_CRAWLED,
    /** A URL was refused before connecting (address policy, robots.txt, filters). */
    REFUSED,
    /** The fetch failed (DNS, connect, timeout, protocol, HTTP error status). */
    FETCH_FAILED,
    /** The response was fetched but not usable as a page (binary, undecodable, too large). */
    CONTENT_REJECTED,
    /** An input record could not be read (bad JSON, failed validation). */
    BAD_RECORD,
    /** A request was not acted on by design (e.g. the site was crawled recently); see reason. */
    SKIPPED,
    /** The classifier could not score a page. */
    SCORE_FAILED,
    /** Anything else; see the reason. */
    @com.fasterxml.jackson.annotation.JsonEnumDefaultValue
    OTHER
  }

  public Outcome {
    v = Checks.version(v);
    Checks.text(site, "site");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(kind, "kind");
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(at, "at");
    details = Checks.map(details);
  }

  /** An outcome without the typed crawl facts (every kind but {@code SITE_CRAWLED}). */
  public Outcome(
      int v,
      String site,
      String url,
      Stage stage,
      Kind kind,
      String reason,
      Instant at,
      Map<String, String> details) {
    this(v, site, url, stage, kind, reason, at, details, null, null);
  }

  /** How the crawl ended: the typed field, else a version-1 writer's {@code result} entry. */
  public Optional<CrawlResult> crawlResult() {
    return result != null
        ? Optional.of(result)
        : CrawlResult.fromDetailsValue(details.get(CrawlResult.DETAILS_KEY));
  }

  /** What became of the seed: the typed field, else a version-1 writer's {@code seed*} entries. */
  public Optional<SeedResult> seedResult() {
    return seed != null ? Optional.of(seed) : SeedResult.fromDetails(details);
  }

  public static Outcome of(
      String site, String url, Stage stage, Kind kind, String reason, Instant at) {
    return new Outcome(VERSION, site, url, stage, kind, reason, at, Map.of());
  }
}
