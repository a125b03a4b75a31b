package org.sitewatch.classifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;

/**
 * What the classifier remembers about one site, bounded: the best-scoring pages (one entry per
 * URL, keeping that URL's best score), how many pages were scored, and how many verdicts were
 * emitted. Stored as JSON in the {@link SitewatchTopology#SITE_STATE_STORE} store.
 *
 * @param revision number of verdicts emitted so far for this site
 * @param pagesScored number of page records scored (a re-fetched URL counts again)
 * @param pages tracked pages, highest score first
 */
record SiteState(long revision, long pagesScored, List<TrackedPage> pages) {
  /** How many of the best pages feed the site score. */
  static final int TOP_PAGES = 3;
  /** A page below the page threshold counts at half its score in the site score. */
  static final double UNFLAGGED_DISCOUNT = 0.5;

  private static final Comparator<TrackedPage> BEST_FIRST =
      Comparator.comparingDouble(TrackedPage::score).reversed().thenComparing(TrackedPage::url);

  SiteState {
    pages = pages == null ? List.of() : List.copyOf(pages);
  }

  static SiteState empty() {
    return new SiteState(0, 0, List.of());
  }

  /**
   * The state after one more scored page. A URL keeps its best score (evidence once seen is not
   * forgotten because a later fetch looks cleaner); at most {@code keep} pages are tracked.
   */
  SiteState with(TrackedPage page, int keep) {
    List<TrackedPage> next = new ArrayList<>(pages.size() + 1);
    boolean replaced = false;
    for (TrackedPage old : pages) {
      if (old.url().equals(page.url())) {
        next.add(page.score() >= old.score() ? page : old);
        replaced = true;
      } else {
        next.add(old);
      }
    }
    if (!replaced) {
      next.add(page);
    }
    next.sort(BEST_FIRST);
    if (next.size() > keep) {
      next = new ArrayList<>(next.subList(0, keep));
    }
    return new SiteState(revision + 1, pagesScored + 1, next);
  }

  /**
   * Noisy-or of the top {@link #TOP_PAGES} page scores, {@code 1 - prod(1 - s_i)}, where a page
   * below the page threshold counts at {@link #UNFLAGGED_DISCOUNT} of its score.
   */
  double siteScore() {
    double allClean = 1.0;
    for (TrackedPage page : pages.subList(0, Math.min(TOP_PAGES, pages.size()))) {
      double s = page.flagged() ? page.score() : page.score() * UNFLAGGED_DISCOUNT;
      allClean *= 1 - s;
    }
    return Math.min(1.0, Math.max(0.0, 1 - allClean));
  }

  /** Categories of the positive signals of the flagged pages, in first-seen order. */
  List<String> categories() {
    Set<String> categories = new LinkedHashSet<>();
    for (TrackedPage page : pages) {
      if (page.flagged()) {
        categories.addAll(page.categories());
      }
    }
    return List.copyOf(categories);
  }

  /** The strongest signals across tracked pages, strongest first. */
  List<SignalHit> strongestSignals(int max) {
    return pages.stream()
        .flatMap(p -> p.signals().stream())
        .sorted(Comparator.comparingDouble(SignalHit::weight).reversed()
            .thenComparing(SignalHit::url).thenComparing(SignalHit::id))
        .limit(max)
        .toList();
  }

  List<PageRef> pageRefs(int max) {
    return pages.stream().limit(max).map(TrackedPage::ref).toList();
  }
}
