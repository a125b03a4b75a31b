package org.sitewatch.classifier.topology;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;

/**
 * One site's pages through the classifier's own path without Kafka: each page classified as the
 * {@code classify} step does, folded into the {@link SiteState} as {@link SiteAggregator} does, and
 * the site's verdict made from that state. Offline evaluation ({@code sitewatch eval --sites}) uses
 * it so that what it measures is what the topology decides.
 */
public final class SiteReplay {
  /**
   * The verdict after the last page, and the outcomes of the pages that were not scored.
   *
   * @param verdict the site's verdict after all its pages ({@code null} when no page was scored)
   * @param outcomes one per page refused (bad record, not HTML, not scorable)
   */
  public record Result(SiteVerdict verdict, List<Outcome> outcomes) {
    public Result {
      outcomes = List.copyOf(outcomes);
    }
  }

  private SiteReplay() {}

  /** Scores {@code pages} (keyed by {@code site}) in order and returns the site's verdict. */
  public static Result run(
      String site,
      List<FetchedPage> pages,
      PageClassifier classifier,
      ClassifierSettings settings,
      Clock clock) {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    ClassifierMeters meters = ClassifierMeters.unwatched("pages", clock);
    JsonSerde<SiteState> serde = JsonSerde.of(SiteState.class);
    int keepPages = SitewatchTopology.keepPages(settings);
    int keepSignals = SitewatchTopology.keepSignals(settings);
    SiteState state = SiteState.empty(clock.millis());
    List<Outcome> outcomes = new ArrayList<>();
    boolean scoredAny = false;
    for (FetchedPage page : pages) {
      SitewatchTopology.Classified c =
          SitewatchTopology.classify(site, page, classifier, keepSignals, clock, meters);
      if (c == null) {
        continue;
      }
      if (c.outcome() != null) {
        outcomes.add(c.outcome());
        continue;
      }
      ScoredPage scored = new ScoredPage(c.page(), c.requestedUrl());
      if (!state.hasScored(scored.page(), scored.requestedUrl())) {
        state = SiteAggregator.fold(state, scored, keepPages, serde);
        scoredAny = true;
      }
    }
    SiteVerdict verdict =
        scoredAny
            ? SitewatchTopology.verdict(site, state, settings, classifier.lexiconVersion(), clock)
            : null;
    return new Result(verdict, outcomes);
  }
}
