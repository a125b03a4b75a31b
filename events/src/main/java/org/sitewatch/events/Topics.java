package org.sitewatch.events;

import java.util.List;
import java.util.Objects;

/**
 * The names of the topics that connect the stages. A deployment chooses a prefix (default {@code
 * sitewatch.}) so that several installations can share a cluster.
 *
 * @param crawlRequests URLs to crawl, keyed by site ({@link CrawlRequest})
 * @param pages fetched pages, keyed by site ({@link FetchedPage})
 * @param verdicts per-site verdicts, keyed by site, compacted ({@link SiteVerdict})
 * @param outcomes what happened to each work item, failures included, keyed by site ({@link
 *     Outcome})
 * @param lexicons operator lexicons, keyed by lexicon name, value = lexicon text, compacted; the
 *     classifier follows it and swaps its rules without a restart
 * @param crawlState checkpoints of running site crawls, keyed by site, compacted; partition p holds
 *     the sites of partition p of {@code crawlRequests}, so a crawler worker that takes a partition
 *     over resumes its crawls instead of starting them again (docs/crawl-state.md)
 * @param crawlDiscoveries links and redirects to other sites found by crawls ({@link CrawlRequest}
 *     with source {@code LINK}), keyed by site, with as many partitions as {@code crawlRequests}: a
 *     worker reads partition p of it only while partition p of {@code crawlRequests} (seeds, tips,
 *     recrawls) has no waiting work, so discoveries never delay an analyst's seed (docs/topics.md)
 */
public record Topics(
    String crawlRequests,
    String pages,
    String verdicts,
    String outcomes,
    String lexicons,
    String crawlState,
    String crawlDiscoveries) {
  public static final String DEFAULT_PREFIX = "sitewatch.";

  public Topics {
    for (String name :
        List.of(crawlRequests, pages, verdicts, outcomes, lexicons, crawlState, crawlDiscoveries)) {
      Objects.requireNonNull(name, "topic name");
      if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("invalid Kafka topic name: '" + name + "'");
      }
    }
  }

  /**
   * Topics with the discoveries lane named after {@code crawlRequests} ({@code
   * <name>-discoveries}).
   */
  public Topics(
      String crawlRequests,
      String pages,
      String verdicts,
      String outcomes,
      String lexicons,
      String crawlState) {
    this(
        crawlRequests,
        pages,
        verdicts,
        outcomes,
        lexicons,
        crawlState,
        crawlRequests + "-discoveries");
  }

  public static Topics withPrefix(String prefix) {
    return new Topics(
        prefix + "crawl-requests",
        prefix + "pages",
        prefix + "verdicts",
        prefix + "outcomes",
        prefix + "lexicons",
        prefix + "crawl-state",
        prefix + "crawl-discoveries");
  }

  public static Topics defaults() {
    return withPrefix(DEFAULT_PREFIX);
  }

  /** How each topic should be created; the documented layout lives in {@code docs/topics.md}. */
  public List<TopicSpec> specs(int partitions, short replicationFactor) {
    long week = 7L * 24 * 3600 * 1000;
    return List.of(
        new TopicSpec(crawlRequests, partitions, replicationFactor, "delete", week),
        new TopicSpec(pages, partitions, replicationFactor, "delete", 3 * 24L * 3600 * 1000),
        new TopicSpec(verdicts, partitions, replicationFactor, "compact", -1),
        new TopicSpec(outcomes, partitions, replicationFactor, "delete", 4 * week),
        new TopicSpec(lexicons, 1, replicationFactor, "compact", -1),
        // as many partitions as crawlRequests: a worker reads the state of the partitions it owns
        new TopicSpec(crawlState, partitions, replicationFactor, "compact", -1),
        // as many partitions as crawlRequests: partition p holds the discoveries of the same sites
        new TopicSpec(crawlDiscoveries, partitions, replicationFactor, "delete", week));
  }

  /** A topic to create: name, partition count, replication, cleanup policy and retention. */
  public record TopicSpec(
      String name,
      int partitions,
      short replicationFactor,
      String cleanupPolicy,
      long retentionMs) {
    public TopicSpec {
      Objects.requireNonNull(name, "name");
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1");
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException("replication factor must be >= 1");
      }
    }
  }
}
