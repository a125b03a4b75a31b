package org.sitewatch.crawler.policy;

import edu.uci.ics.crawler4j.url.WebURL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.SiteLimits;
import org.sitewatch.crawler.output.Bounded;
import org.sitewatch.events.Outcome;

/**
 * What one site crawl may fetch, and in which order: crawl traps, robots.txt (with the per-seed
 * override), the page, byte and time budgets, and link ranking. Decisions are counted per rule and
 * reported once per crawl ({@link #outcomes}, {@link #details}) instead of one outcome per URL.
 * Used by the crawl's single fetch thread; the seed check runs before that thread starts.
 */
public final class SitePolicy {
  /** How many refused URLs each aggregated outcome names. */
  static final int EXAMPLES = 3;

  /** Budget names as reported in {@code SITE_CRAWLED} details ({@code budget=...}). */
  static final String PAGES = "pages";

  static final String BYTES = "bytes";
  static final String DURATION = "duration";

  private final SiteBudget budget;
  private final CrawlTraps traps;
  private final RobotsRules robots; // null when robots.txt is not consulted
  private final LinkScorer scorer;
  private final LongSupplier nanoTime;
  private long startNanos;
  private final Set<String> overridden = ConcurrentHashMap.newKeySet();
  private final Map<String, Tally> tallies = new LinkedHashMap<>();
  private int admitted = 1; // the seed
  private int overBudget;
  private boolean seedRobotsUnavailable;
  private String seedRobotsRule;
  private long bytes;
  private String stoppedBy;
  private String stopFigures;

  private static final class Tally {
    final Outcome.Kind kind;
    final String rule;
    final String reason;
    final List<String> examples = new ArrayList<>();
    int count;

    Tally(Outcome.Kind kind, String rule, String reason) {
      this.kind = kind;
      this.rule = rule;
      this.reason = reason;
    }
  }

  public SitePolicy(
      SiteBudget budget,
      SiteLimits limits,
      RobotsRules robots,
      LinkScorer scorer,
      LongSupplier nanoTime) {
    this.budget = budget;
    this.traps = new CrawlTraps(limits);
    this.robots = robots;
    this.scorer = scorer;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  public SiteBudget budget() {
    return budget;
  }

  /**
   * Continues the budgets of an earlier attempt at the same request (a crawl taken over from a
   * killed worker): its URLs, bytes and running time count as if this crawl had spent them.
   */
  public void resume(int urlsSoFar, long bytesSoFar, Duration elapsed) {
    admitted = Math.max(admitted, urlsSoFar);
    bytes += Math.max(0, bytesSoFar);
    startNanos -= Math.max(0, elapsed.toNanos());
  }

  /**
   * Why robots.txt refuses the seed, if it does: disallowed, or the host's file is unavailable
   * (5xx, timeout), which refuses the whole crawl. With the override the seed is admitted and noted
   * instead.
   *
   * @param seeds the seed URL as given and as crawler4j will normalise it
   */
  public Optional<String> refuseSeed(String agent, String... seeds) throws InterruptedException {
    if (robots == null) {
      return Optional.empty();
    }
    String url = seeds[0];
    RobotsRules.HostRules rules = robots.forUrl(url);
    if (rules.allows(url)) {
      return Optional.empty();
    }
    if (budget.ignoreRobots()) {
      overridden.addAll(List.of(seeds));
      return Optional.empty();
    }
    String host = Sites.hostOf(url);
    if (rules.unavailable()) {
      seedRobotsUnavailable = true;
      return Optional.of(
          "refused: robots.txt of "
              + host
              + " is "
              + rules.state()
              + ", so nothing may be fetched");
    }
    seedRobotsRule = RobotsRuleText.refusing(rules.rules(), url).orElse(null);
    return Optional.of(
        "refused: robots.txt of "
            + host
            + " disallows "
            + Bounded.text(url, 256)
            + " for agent '"
            + agent
            + "'"
            + (seedRobotsRule == null ? "" : " (rule '" + seedRobotsRule + "')"));
  }

  /** The robots.txt line that refused the seed (e.g. {@code Disallow: /private/}), if known. */
  public Optional<String> seedRobotsRule() {
    return Optional.ofNullable(seedRobotsRule);
  }

  /**
   * Whether {@link #refuseSeed} refused because the seed host's robots.txt is unavailable (5xx,
   * timeout): the site is not answering, which a recrawl check must tell from a refusal by policy.
   */
  public boolean seedRobotsUnavailable() {
    return seedRobotsUnavailable;
  }

  /**
   * Whether a link or redirect target of the site is fetched; sets its priority when it is. Called
   * by crawler4j before it schedules the URL (after its own depth check).
   */
  public boolean admit(WebURL webUrl) {
    String url = webUrl.getURL();
    Optional<CrawlTraps.Rule> trap = traps.admit(url);
    if (trap.isPresent()) {
      String label = trap.get().label;
      count(
          "trap:" + label,
          Outcome.Kind.SKIPPED,
          "trap:" + label,
          "crawl-trap limit " + label + " cut",
          url);
      return false;
    }
    if (admitted >= budget.maxPages()) {
      // before robots.txt: a link over the budget must not cost a robots.txt request
      overBudget++;
      stop(PAGES, budget.maxPages());
      return false;
    }
    if (!mayFetch()) {
      return false; // byte or time budget used up: no robots.txt request either
    }
    if (robots != null) {
      RobotsRules.HostRules rules;
      try {
        rules = robots.forUrl(url);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (!rules.allows(url)) {
        if (budget.ignoreRobots()) {
          overridden.add(url);
        } else if (rules.unavailable()) {
          count(
              "robots-unavailable",
              Outcome.Kind.REFUSED,
              "robots.txt",
              "robots.txt " + rules.state() + " refused",
              url);
          return false;
        } else {
          count("robots", Outcome.Kind.REFUSED, "robots.txt", "robots.txt disallows", url);
          return false;
        }
      }
    }
    admitted++;
    webUrl.setPriority(priority(url));
    return true;
  }

  /**
   * Whether the next fetch may start: false once the byte or time budget is used up (the crawl then
   * stops, and the budget is reported).
   */
  public boolean mayFetch() {
    if (bytes >= budget.maxBytes()) {
      stop(BYTES, budget.maxBytes());
      return false;
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - startNanos);
    if (elapsedMs >= budget.maxDurationMs()) {
      stop(DURATION, budget.maxDurationMs());
      return false;
    }
    return true;
  }

  public void fetched(long bodyBytes) {
    bytes += bodyBytes;
  }

  /** The notes a fetched page carries: {@code robots-override} when robots.txt was overridden. */
  public Map<String, String> notesFor(String url) {
    return overridden.contains(url)
        ? Map.of(SiteBudget.ROBOTS_OVERRIDE_NOTE, budget.robotsOverrideNote())
        : Map.of();
  }

  /** The delay between two requests to {@code host}: politeness or its capped Crawl-delay. */
  public long delayMsOf(String host) {
    long crawlDelay = robots == null ? 0 : robots.crawlDelayMs(host);
    return Math.max(budget.politenessDelayMs(), crawlDelay);
  }

  /** One outcome per rule that refused URLs: the count and the first few examples. */
  public List<Outcome> outcomes(String site, Instant at) {
    List<Outcome> list = new ArrayList<>();
    for (Tally t : tallies.values()) {
      list.add(
          new Outcome(
              Outcome.VERSION,
              site,
              null,
              Outcome.Stage.CRAWLER,
              t.kind,
              t.reason + " " + t.count + " URL(s), e.g. " + String.join(" ", t.examples),
              at,
              Map.of(
                  "rule", t.rule,
                  "count", Integer.toString(t.count),
                  "examples", String.join(" ", t.examples))));
    }
    return list;
  }

  /**
   * Facts for the {@code SITE_CRAWLED} outcome: bytes, the budget that stopped the crawl with its
   * figures, and per-rule counts.
   */
  public Map<String, String> details(String seedHost) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("bytes", Long.toString(bytes));
    if (stoppedBy != null) {
      d.put("budget", stoppedBy);
      d.put("budgetLimit", stopFigures);
      d.put(
          "budgetUsed",
          switch (stoppedBy) {
            case PAGES -> Integer.toString(admitted);
            case BYTES -> Long.toString(bytes);
            default ->
                Long.toString(TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - startNanos));
          });
      if (overBudget > 0) {
        d.put("notFetchedOverBudget", Integer.toString(overBudget));
      }
    }
    int robotsRefused = 0;
    int trapsCut = 0;
    for (Map.Entry<String, Tally> e : tallies.entrySet()) {
      if (e.getKey().startsWith("trap:")) {
        trapsCut += e.getValue().count;
        d.put(e.getKey(), Integer.toString(e.getValue().count));
      } else {
        robotsRefused += e.getValue().count;
      }
    }
    if (robotsRefused > 0) {
      d.put("robotsRefused", Integer.toString(robotsRefused));
    }
    if (trapsCut > 0) {
      d.put("trapsCut", Integer.toString(trapsCut));
    }
    if (!overridden.isEmpty()) {
      d.put("robotsOverridden", Integer.toString(overridden.size()));
    }
    long delay = delayMsOf(seedHost);
    if (delay > budget.politenessDelayMs()) {
      d.put("crawlDelayMs", Long.toString(delay));
    }
    return d;
  }

  /** The budget that stopped the crawl, if one did. */
  public Optional<String> stoppedBy() {
    return Optional.ofNullable(stoppedBy);
  }

  private void stop(String which, long limit) {
    if (stoppedBy == null) {
      stoppedBy = which;
      stopFigures = Long.toString(limit);
    }
  }

  private void count(String key, Outcome.Kind kind, String rule, String reason, String url) {
    Tally t = tallies.computeIfAbsent(key, k -> new Tally(kind, rule, reason));
    t.count++;
    if (t.examples.size() < EXAMPLES) {
      t.examples.add(url);
    }
  }

  private byte priority(String url) {
    double score;
    try {
      score = scorer.score(url);
    } catch (RuntimeException e) {
      score = 0;
    }
    if (Double.isNaN(score)) {
      score = 0;
    }
    score = Math.max(0, Math.min(1, score));
    return (byte) Math.round(score * 100);
  }
}
