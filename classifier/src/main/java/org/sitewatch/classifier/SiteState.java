package org.sitewatch.classifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;

/**
 * What the classifier remembers about one site, bounded: the best-scoring pages (one entry per
 * URL, keeping that URL's best score), how many pages were scored, and how many verdicts were
 * emitted. Stored as JSON in the {@link SitewatchTopology#SITE_STATE_STORE} store.
 *
 * @param revision number of verdicts emitted so far for this site
 * @param pagesScored number of page records scored (a re-fetched URL counts again)
 * @param pages tracked pages, highest score first (without their identifiers and findings)
 * @param identifiers identifiers seen on any page of the site, one per (type, value), at most
 *     {@link #MAX_IDENTIFIERS}, filing numbers and accounts before contact handles and tracking
 *     IDs; absent in states written before they existed
 * @param findings findings on any page of the site, one per (kind, detail), at most {@link
 *     #MAX_FINDINGS}, first seen kept
 */
record SiteState(long revision, long pagesScored, List<TrackedPage> pages,
    List<Identifier> identifiers, List<Finding> findings) {
  /** How many of the best pages feed the site score. */
  static final int TOP_PAGES = 3;
  /** A page below the page threshold counts at half its score in the site score. */
  static final double UNFLAGGED_DISCOUNT = 0.5;

  static final int MAX_IDENTIFIERS = 50;
  static final int MAX_FINDINGS = 20;
  /** Which identifiers a full state keeps first: the ones that lead to a place or to money. */
  private static final List<String> TYPE_ORDER = List.of("psb", "icp", "payment", "telegram",
      "qq", "wechat", "phone", "email", "baidu-tongji", "cnzz", "google-analytics",
      "google-tag-manager");

  private static final Comparator<TrackedPage> BEST_FIRST =
      Comparator.comparingDouble(TrackedPage::score).reversed().thenComparing(TrackedPage::url);

  SiteState {
    pages = pages == null ? List.of() : List.copyOf(pages);
    identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  SiteState(long revision, long pagesScored, List<TrackedPage> pages) {
    this(revision, pagesScored, pages, List.of(), List.of());
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
    next.replaceAll(TrackedPage::withoutExtras);
    next.sort(BEST_FIRST);
    if (next.size() > keep) {
      next = new ArrayList<>(next.subList(0, keep));
    }
    return new SiteState(revision + 1, pagesScored + 1, next,
        mergeIdentifiers(identifiers, page.identifiers()), mergeFindings(findings, page.findings()));
  }

  private static List<Identifier> mergeIdentifiers(List<Identifier> old, List<Identifier> added) {
    if (added.isEmpty()) {
      return old;
    }
    Map<String, Identifier> merged = new LinkedHashMap<>();
    for (Identifier i : old) {
      merged.putIfAbsent(i.type() + '\u0000' + i.value(), i);
    }
    for (Identifier i : added) {
      merged.putIfAbsent(i.type() + '\u0000' + i.value(), i);
    }
    return merged.values().stream()
        .sorted(Comparator.comparingInt(SiteState::typeRank))
        .limit(MAX_IDENTIFIERS)
        .toList();
  }

  private static int typeRank(Identifier identifier) {
    int rank = TYPE_ORDER.indexOf(identifier.type());
    return rank < 0 ? TYPE_ORDER.size() : rank;
  }

  private static List<Finding> mergeFindings(List<Finding> old, List<Finding> added) {
    if (added.isEmpty() || old.size() >= MAX_FINDINGS) {
      return old;
    }
    Map<String, Finding> merged = new LinkedHashMap<>();
    for (Finding f : old) {
      merged.putIfAbsent(f.kind() + '\u0000' + f.detail(), f);
    }
    for (Finding f : added) {
      if (merged.size() < MAX_FINDINGS) {
        merged.putIfAbsent(f.kind() + '\u0000' + f.detail(), f);
      }
    }
    return List.copyOf(merged.values());
  }

  /** The conducts the flagged pages' categories suggest; see {@link Conducts}. */
  List<String> conducts() {
    return Conducts.of(categories());
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
