package org.sitewatch.classifier.topology;

import java.time.Clock;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.SiteVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a site's scored pages into its {@link SiteState} and emits the site's verdict when its
 * evidence changed. A page already scored (same body digest under the same final or requested URL:
 * a crawler refetch, a page published twice, a replay after a crash) changes nothing and emits
 * nothing, so replays neither count pages again nor make new revisions. A new page that leaves the
 * evidence as it was ({@link #sameEvidence}) is counted and remembered, but makes no revision. A
 * site's first state opens a new epoch (the clock's millis), which a state restored from the
 * changelog keeps. The stored state is kept under {@link SiteState#MAX_STATE_BYTES}.
 */
final class SiteAggregator implements Processor<String, ScoredPage, String, SiteVerdict> {
  private static final Logger LOG = LoggerFactory.getLogger(SiteAggregator.class);

  private final ClassifierSettings settings;
  private final Supplier<PageClassifier> classifiers;
  private final Clock clock;
  private final int keepPages;
  private final ClassifierMeters meters;
  private final JsonSerde<SiteState> serde = JsonSerde.of(SiteState.class);
  private ProcessorContext<String, SiteVerdict> context;
  private TimestampedKeyValueStore<String, SiteState> store;

  SiteAggregator(
      ClassifierSettings settings,
      Supplier<PageClassifier> classifiers,
      Clock clock,
      int keepPages,
      ClassifierMeters meters) {
    this.settings = settings;
    this.meters = meters;
    this.classifiers = classifiers;
    this.clock = clock;
    this.keepPages = keepPages;
  }

  @Override
  public void init(ProcessorContext<String, SiteVerdict> context) {
    this.context = context;
    this.store = context.getStateStore(SitewatchTopology.SITE_STATE_STORE);
  }

  @Override
  public void process(Record<String, ScoredPage> record) {
    String site = record.key();
    ScoredPage scored = record.value();
    if (site == null || scored == null) {
      return;
    }
    TrackedPage page = scored.page();
    ValueAndTimestamp<SiteState> stored = store.get(site);
    SiteState state =
        stored == null || stored.value() == null ? SiteState.empty(clock.millis()) : stored.value();
    if (state.hasScored(page, scored.requestedUrl())) {
      LOG.debug("{} already scored with the same content; not counted again", page.url());
      return;
    }
    SiteState next = fold(state, scored, keepPages, serde);
    String lexiconVersion = classifiers.get().lexiconVersion();
    SiteVerdict verdict =
        SitewatchTopology.verdict(site, next, settings, lexiconVersion, clock)
            .withNewestPage(page.traceId(), page.fetchedAt());
    if (state.revision() > 0
        && sameEvidence(
            SitewatchTopology.verdict(site, state, settings, lexiconVersion, clock), verdict)) {
      // counted, remembered, but no new revision: the site's evidence is what it was
      store.put(
          site, ValueAndTimestamp.make(next.withRevision(state.revision()), record.timestamp()));
      return;
    }
    store.put(site, ValueAndTimestamp.make(next, record.timestamp()));
    context.forward(record.withValue(verdict));
    meters.verdict(verdict.flagged(), page.fetchedAt(), verdict.decidedAt());
    if (verdict.flagged()) {
      LOG.info(
          "verdict {} revision {}: flagged, score {} trace={}",
          site,
          verdict.revision(),
          String.format(java.util.Locale.ROOT, "%.3f", verdict.score()),
          verdict.traceId());
    } else {
      LOG.debug(
          "verdict {} revision {}: not flagged trace={}",
          site,
          verdict.revision(),
          verdict.traceId());
    }
  }

  /**
   * The state after {@code scored}, kept under {@link SiteState#MAX_STATE_BYTES}; the caller has
   * checked that the page was not scored already ({@link SiteState#hasScored}).
   */
  static SiteState fold(
      SiteState state, ScoredPage scored, int keepPages, JsonSerde<SiteState> serde) {
    return state
        .with(scored.page(), scored.requestedUrl(), keepPages)
        .fitted(SiteState.MAX_STATE_BYTES, s -> serde.serialize(null, s).length);
  }

  /**
   * Whether two verdicts of a site rest on the same evidence: score, flag, categories, signals,
   * pages, conducts and their reasons, identifiers and findings (not revision, page count, lexicon
   * version or time).
   */
  static boolean sameEvidence(SiteVerdict a, SiteVerdict b) {
    return a.flagged() == b.flagged()
        && Double.compare(a.score(), b.score()) == 0
        && a.categories().equals(b.categories())
        && a.signals().equals(b.signals())
        && a.pages().equals(b.pages())
        && a.conducts().equals(b.conducts())
        && a.conductReasons().equals(b.conductReasons())
        && a.identifiers().equals(b.identifiers())
        && a.findings().equals(b.findings());
  }
}
