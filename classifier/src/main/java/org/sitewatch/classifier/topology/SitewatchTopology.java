package org.sitewatch.classifier.topology;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.events.ConductReason;
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
 *   -> classify: HTML 2xx page -> scored page | non-2xx, non-HTML, unscorable, keyless, key/site/URL
 *      disagreeing -> Outcome
 *   -> outcomes topic (site -> Outcome)
 *   -> aggregate-site ({@link SiteAggregator}): fold into SiteState (store "site-state", caching
 *      off; identifiers and findings merged per site; a replayed page changes nothing) ->
 *      SiteVerdict v2 (revision +1 per update within the state's epoch, conducts from the
 *      evidence of all pages, {@link Conducts}) -> verdicts topic
 * lexicons (name -> lexicon text): global store "lexicons" ({@link LexiconRecords}), read through
 *   {@link LiveLexicons} by classify and aggregate-site
 * </pre>
 *
 * Every field of a scored page is bounded ({@link Bounds}) before it reaches the store or a topic,
 * and a page record out of bounds becomes a BAD_RECORD outcome ({@link Intake}).
 *
 * <p>Non-2xx pages are skipped without an outcome (the crawler reports those already).
 */
public final class SitewatchTopology {
  /** The name of the per-site state store (and so of its changelog topic). */
  public static final String SITE_STATE_STORE = "site-state";

  private static final Logger LOG = LoggerFactory.getLogger(SitewatchTopology.class);

  /** How the outcome of a page not scored for its HTTP status starts (its reason's first word). */
  static final String SKIPPED_STATUS = "skipped-status";

  /** A page carries at most this many signals into the site state, whatever the settings. */
  static final int MAX_SIGNALS_PER_PAGE = 50;

  private SitewatchTopology() {}

  /** A page after the classify step: either a scored page to aggregate or an outcome. */
  record Classified(TrackedPage page, String requestedUrl, Outcome outcome) {}

  /**
   * Builds the topology with a fixed classifier (tests, offline use); lexicon records are kept and
   * refused as in production, refusals only logged.
   */
  public static Topology build(
      Topics topics, PageClassifier classifier, ClassifierSettings settings, Clock clock) {
    return build(topics, LiveLexicons.fixed(classifier, outcome -> {}), settings, clock);
  }

  /**
   * Builds the topology; it holds no state outside its stores and reads time only from {@code
   * clock}. The lexicon topic is a global store ({@link LiveLexicons#STORE}) kept by {@link
   * LexiconRecords}; {@code lexicons} gives the classifier with the rules in force for each record,
   * so that lexicons can change while the application runs; each verdict records that version.
   */
  public static Topology build(
      Topics topics, LiveLexicons lexicons, ClassifierSettings settings, Clock clock) {
    return build(topics, lexicons, settings, clock, true);
  }

  /**
   * Builds the topology, with the lexicon topic's global store only if {@code followLexicons}:
   * without it {@code lexicons} keeps the built-in lexicons and the extra file ({@link
   * ClassifierApp} builds so when the lexicon topic does not exist, since a global store's topic
   * must exist for Kafka Streams to start).
   */
  static Topology build(
      Topics topics,
      LiveLexicons lexicons,
      ClassifierSettings settings,
      Clock clock,
      boolean followLexicons) {
    return build(
        topics,
        lexicons,
        settings,
        clock,
        followLexicons,
        ClassifierMeters.unwatched(topics.pages(), clock));
  }

  /**
   * As {@link #build(Topics, LiveLexicons, ClassifierSettings, Clock, boolean)}, fed to {@code
   * meters}.
   */
  static Topology build(
      Topics topics,
      LiveLexicons lexicons,
      ClassifierSettings settings,
      Clock clock,
      boolean followLexicons,
      ClassifierMeters meters) {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(lexicons, "lexicons");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    int keepPages = keepPages(settings);
    int keepSignals = keepSignals(settings);

    StreamsBuilder builder = new StreamsBuilder();
    if (followLexicons) {
      // StreamsBuilder.addGlobalStore sets reprocessOnRestore: LexiconRecords also runs while the
      // store is restored at start, so records published before start are checked (bad ones
      // become BAD_RECORD outcomes) and bump LiveLexicons; the in-memory store has no checkpoint,
      // so the whole topic is reprocessed on every start. A bulk restore of raw records would
      // leave the built-ins in force and skip the checks; ClassifierAppIT
      // .lexiconsPublishedBeforeStartAreCheckedAndAppliedWhileTheStoreIsRestored pins this
      builder.addGlobalStore(
          LiveLexicons.storeBuilder(),
          topics.lexicons(),
          Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("lexicons"),
          () -> new LexiconRecords(lexicons, clock));
    }
    KStream<String, Classified> classified =
        builder.stream(
                topics.pages(),
                Consumed.with(Serdes.String(), JsonSerde.of(FetchedPage.class)).withName("pages"))
            .mapValues(
                (site, page) -> classify(site, page, lexicons.get(), keepSignals, clock, meters),
                Named.as("classify"));

    Map<String, KStream<String, Classified>> routes =
        classified
            .split(Named.as("route-"))
            .branch((site, c) -> c != null && c.outcome() != null, Branched.as("outcomes"))
            .branch((site, c) -> c != null && c.page() != null, Branched.as("scored"))
            .noDefaultBranch();

    routes
        .get("route-outcomes")
        .mapValues(Classified::outcome, Named.as("outcome"))
        .to(
            topics.outcomes(),
            Produced.with(Serdes.String(), JsonSerde.of(Outcome.class)).withName("outcomes"));

    // the same timestamped store (and so the same changelog format) the DSL aggregate used
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(SITE_STATE_STORE),
                Serdes.String(),
                JsonSerde.of(SiteState.class))
            .withCachingDisabled());
    routes
        .get("route-scored")
        .mapValues(c -> new ScoredPage(c.page(), c.requestedUrl()), Named.as("scored-page"))
        .process(
            () -> new SiteAggregator(settings, lexicons, clock, keepPages, meters),
            Named.as("aggregate-site"),
            SITE_STATE_STORE)
        .to(
            topics.verdicts(),
            Produced.with(Serdes.String(), JsonSerde.of(SiteVerdict.class)).withName("verdicts"));
    return builder.build();
  }

  /** How many pages a site state tracks. */
  static int keepPages(ClassifierSettings settings) {
    return Math.max(settings.maxPagesPerVerdict(), SiteState.TOP_PAGES);
  }

  /** How many signals a page carries into the site state. */
  static int keepSignals(ClassifierSettings settings) {
    return Math.min(settings.maxSignalsPerVerdict(), MAX_SIGNALS_PER_PAGE);
  }

  static Classified classify(
      String site,
      FetchedPage page,
      PageClassifier classifier,
      int keepSignals,
      Clock clock,
      ClassifierMeters meters) {
    if (page == null) {
      meters.rejected(ClassifierMeters.Rejection.EMPTY);
      return outcome(
          site == null || site.isBlank() ? "unknown" : site,
          null,
          Outcome.Kind.BAD_RECORD,
          "empty record (null value) on the pages topic",
          clock);
    }
    if (site == null || site.isBlank()) {
      meters.rejected(ClassifierMeters.Rejection.NO_KEY);
      return outcome(
          page.site(),
          page.finalUrl(),
          Outcome.Kind.BAD_RECORD,
          "record without key on the pages topic; pages must be keyed by site",
          clock);
    }
    String refused = Intake.refusal(site, page);
    if (refused != null) {
      meters.rejected(ClassifierMeters.Rejection.OUT_OF_BOUNDS);
      return outcome(site, page.finalUrl(), Outcome.Kind.BAD_RECORD, refused, clock);
    }
    Map<String, String> disagreement = SiteConsistency.disagreement(site, page);
    if (!disagreement.isEmpty()) {
      meters.rejected(ClassifierMeters.Rejection.INCONSISTENT);
      return outcome(
          site,
          page.finalUrl(),
          Outcome.Kind.BAD_RECORD,
          "not scored: the record's key, its site field and its URL name different sites",
          disagreement,
          clock);
    }
    if (page.status() < 200 || page.status() > 299) {
      return outcome(
          site,
          page.finalUrl(),
          Outcome.Kind.SKIPPED,
          SKIPPED_STATUS + ": HTTP status " + page.status() + " is not 2xx; not scored",
          Map.of("status", Integer.toString(page.status())),
          clock);
    }
    if (!page.isHtml()) {
      return outcome(
          site,
          page.finalUrl(),
          Outcome.Kind.CONTENT_REJECTED,
          "not scored: content type " + page.contentType() + " is not HTML",
          clock);
    }
    try {
      PageScore score = classifier.classify(PageInput.from(page));
      meters.pageScored(page.fetchedAt());
      return new Classified(
          TrackedPage.bounded(score, page, keepSignals), page.requestedUrl(), null);
    } catch (RuntimeException | StackOverflowError e) {
      // a page deep enough to overflow a recursive parser or matcher is the page's problem
      LOG.warn("cannot score {}: {}", Bounds.url(page.finalUrl()), e.toString(), e);
      return outcome(
          site, page.finalUrl(), Outcome.Kind.SCORE_FAILED, "cannot score page: " + e, clock);
    }
  }

  private static Classified outcome(
      String site, String url, Outcome.Kind kind, String reason, Clock clock) {
    return outcome(site, url, kind, reason, Map.of(), clock);
  }

  private static Classified outcome(
      String site,
      String url,
      Outcome.Kind kind,
      String reason,
      Map<String, String> details,
      Clock clock) {
    return new Classified(
        null,
        null,
        new Outcome(
            Outcome.VERSION,
            Bounds.text(site, Bounds.MAX_SITE_CHARS),
            url == null ? null : Bounds.url(url),
            Outcome.Stage.CLASSIFIER,
            kind,
            Bounds.text(reason, Bounds.MAX_DETAIL_CHARS),
            clock.instant(),
            details));
  }

  static SiteVerdict verdict(
      String site,
      SiteState state,
      ClassifierSettings settings,
      String lexiconVersion,
      Clock clock) {
    double score = state.siteScore();
    boolean flagged = score >= settings.siteThreshold();
    List<ConductReason> reasons = state.conductReasons(flagged);
    return SiteVerdict.builder()
        .site(site)
        .revision(state.revision())
        .flagged(flagged)
        .score(score)
        .pagesScored((int) Math.min(Integer.MAX_VALUE, state.pagesScored()))
        .categories(state.categories())
        .signals(state.strongestSignals(settings.maxSignalsPerVerdict()))
        .pages(state.pageRefs(settings.maxPagesPerVerdict()))
        .lexiconVersion(lexiconVersion)
        .decidedAt(clock.instant())
        .conducts(Conducts.of(reasons))
        .conductReasons(reasons)
        .identifiers(state.identifiers())
        .findings(state.findings())
        .epoch(state.epoch())
        .build();
  }
}
