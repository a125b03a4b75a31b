package org.sitewatch.classifier;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier's Kafka Streams topology, built by one pure method that production ({@link
 * ClassifierApp}) and {@code TopologyTestDriver} tests both call.
 *
 * <pre>
 * pages (site -> FetchedPage)
 *   -> classify: HTML 2xx page -> scored page | non-HTML, unscorable, keyless -> Outcome
 *   -> outcomes topic (site -> Outcome)
 *   -> groupByKey -> aggregate into SiteState (store "site-state", caching off so that every
 *      update is emitted; identifiers and findings merged per site) -> SiteVerdict v2 (revision
 *      +1 per update, conducts from the categories) -> verdicts topic
 * </pre>
 *
 * Non-2xx pages are skipped without an outcome (the crawler reports those already).
 */
public final class SitewatchTopology {
  /** The name of the per-site state store (and so of its changelog topic). */
  public static final String SITE_STATE_STORE = "site-state";

  private static final Logger LOG = LoggerFactory.getLogger(SitewatchTopology.class);

  private SitewatchTopology() {}

  /** A page after the classify step: either a scored page to aggregate or an outcome. */
  private record Classified(TrackedPage page, Outcome outcome) {}

  /** Builds the topology with a fixed classifier (tests, offline use). */
  public static Topology build(
      Topics topics, PageClassifier classifier, ClassifierSettings settings, Clock clock) {
    Objects.requireNonNull(classifier, "classifier");
    return build(topics, () -> classifier, settings, clock);
  }

  /**
   * Builds the topology; it holds no state outside its stores and reads time only from {@code
   * clock}. {@code classifiers} gives the classifier with the rules in force for each record, so
   * that lexicons can change while the application runs; each verdict records that version.
   */
  public static Topology build(Topics topics, java.util.function.Supplier<PageClassifier> classifiers,
      ClassifierSettings settings, Clock clock) {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(classifiers, "classifiers");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    int keepPages = Math.max(settings.maxPagesPerVerdict(), SiteState.TOP_PAGES);
    int keepSignals = settings.maxSignalsPerVerdict();

    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, Classified> classified = builder
        .stream(topics.pages(),
            Consumed.with(Serdes.String(), JsonSerde.of(FetchedPage.class)).withName("pages"))
        .mapValues((site, page) -> classify(site, page, classifiers.get(), keepSignals, clock),
            Named.as("classify"));

    Map<String, KStream<String, Classified>> routes = classified
        .split(Named.as("route-"))
        .branch((site, c) -> c != null && c.outcome() != null, Branched.as("outcomes"))
        .branch((site, c) -> c != null && c.page() != null, Branched.as("scored"))
        .noDefaultBranch();

    routes.get("route-outcomes")
        .mapValues(Classified::outcome, Named.as("outcome"))
        .to(topics.outcomes(), Produced.with(Serdes.String(), JsonSerde.of(Outcome.class))
            .withName("outcomes"));

    routes.get("route-scored")
        .mapValues(Classified::page, Named.as("scored-page"))
        .groupByKey(Grouped.with("by-site", Serdes.String(), JsonSerde.of(TrackedPage.class)))
        .aggregate(
            SiteState::empty,
            (site, page, state) -> state.with(page, keepPages),
            Named.as("aggregate-site"),
            Materialized.<String, SiteState, KeyValueStore<Bytes, byte[]>>as(SITE_STATE_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(JsonSerde.of(SiteState.class))
                .withCachingDisabled())
        .toStream(Named.as("site-updates"))
        .mapValues((site, state) -> verdict(site, state, settings,
            classifiers.get().lexiconVersion(), clock),
            Named.as("verdict"))
        .to(topics.verdicts(), Produced.with(Serdes.String(), JsonSerde.of(SiteVerdict.class))
            .withName("verdicts"));
    return builder.build();
  }

  /** The page's identifiers plus the address it was fetched from (hosting jurisdiction). */
  private static List<org.sitewatch.events.Identifier> withServerIp(PageScore score, FetchedPage page) {
    if (page.serverIp() == null || page.serverIp().isBlank()) {
      return score.identifiers();
    }
    List<org.sitewatch.events.Identifier> ids = new java.util.ArrayList<>(score.identifiers());
    ids.add(new org.sitewatch.events.Identifier("server-ip", page.serverIp(), "", page.finalUrl(),
        Map.of()));
    return ids;
  }

  private static Classified classify(String site, FetchedPage page, PageClassifier classifier,
      int keepSignals, Clock clock) {
    if (page == null) {
      return outcome(site == null || site.isBlank() ? "unknown" : site, null,
          Outcome.Kind.BAD_RECORD, "empty record (null value) on the pages topic", clock);
    }
    if (site == null || site.isBlank()) {
      return outcome(page.site(), page.finalUrl(), Outcome.Kind.BAD_RECORD,
          "record without key on the pages topic; pages must be keyed by site", clock);
    }
    if (page.status() < 200 || page.status() > 299) {
      LOG.debug("not scored: {} has status {}", page.finalUrl(), page.status());
      return null;
    }
    if (!page.isHtml()) {
      return outcome(site, page.finalUrl(), Outcome.Kind.CONTENT_REJECTED,
          "not scored: content type " + page.contentType() + " is not HTML", clock);
    }
    try {
      PageScore score = classifier.classify(PageInput.from(page));
      return new Classified(new TrackedPage(score.url(), score.score(), score.flagged(),
          page.bodySha256(), page.fetchedAt(), score.categories(),
          score.signals().stream().limit(keepSignals).toList(), withServerIp(score, page),
          score.findings(), page.warc(), score.textSimhash()), null);
    } catch (RuntimeException e) {
      LOG.warn("cannot score {}: {}", page.finalUrl(), e.toString(), e);
      return outcome(site, page.finalUrl(), Outcome.Kind.SCORE_FAILED,
          "cannot score page: " + e, clock);
    }
  }

  private static Classified outcome(
      String site, String url, Outcome.Kind kind, String reason, Clock clock) {
    return new Classified(null,
        Outcome.of(site, url, Outcome.Stage.CLASSIFIER, kind, reason, clock.instant()));
  }

  static SiteVerdict verdict(String site, SiteState state, ClassifierSettings settings,
      String lexiconVersion, Clock clock) {
    double score = state.siteScore();
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        state.revision(),
        score >= settings.siteThreshold(),
        score,
        (int) Math.min(Integer.MAX_VALUE, state.pagesScored()),
        state.categories(),
        state.strongestSignals(settings.maxSignalsPerVerdict()),
        state.pageRefs(settings.maxPagesPerVerdict()),
        lexiconVersion,
        clock.instant(),
        state.conducts(),
        state.identifiers(),
        state.findings());
  }
}
