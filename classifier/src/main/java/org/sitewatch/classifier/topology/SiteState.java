package org.sitewatch.classifier.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.classifier.conduct.ConductDetector;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;

/**
 * What the classifier remembers about one site, bounded: the best-scoring pages (one entry per URL,
 * keeping that URL's best score), how many pages were scored, and how many verdicts were emitted.
 * Stored as JSON in the {@link SitewatchTopology#SITE_STATE_STORE} store.
 *
 * @param revision number of verdicts emitted so far for this site
 * @param pagesScored number of distinct pages scored: a URL counts once, whether fetched again with
 *     another body, reached under another final URL, or replayed (as far as {@link #scored}
 *     remembers)
 * @param pages tracked pages, highest score first (without their identifiers and findings)
 * @param identifiers identifiers seen on any page of the site, one per (type, value), at most
 *     {@link #MAX_IDENTIFIERS}, filing numbers and accounts before contact handles and tracking
 *     IDs; absent in states written before they existed
 * @param findings findings on any page of the site, one per (kind, detail), at most {@link
 *     #MAX_FINDINGS}, first seen kept
 * @param epoch when this state was first created (clock millis): the generation its revisions count
 *     in; 0 in states written before epochs existed, which keep it
 * @param scored digests of the last {@link #MAX_SCORED} (URL, body) pairs and URLs scored, oldest
 *     first, so that a replayed page is recognised and a page is counted once; absent in older
 *     states
 * @param conductEvidence the evidence for each conduct on any page of the site, flagged or not (a
 *     price on a harmless sub-page is profit evidence for the site), and the site's explicit
 *     content as the evidence for without-profit, at most {@link Conducts#MAX_PER_CONDUCT} per
 *     conduct, one per kind of signal, strongest kind first; absent in older states, where it is
 *     rebuilt from the tracked pages' signals
 */
record SiteState(
    long revision,
    long pagesScored,
    List<TrackedPage> pages,
    List<Identifier> identifiers,
    List<Finding> findings,
    long epoch,
    List<String> scored,
    List<ConductReason> conductEvidence) {
  /** The kind of a without-profit reason that names a flagged explicit page, not a signal. */
  static final String EXPLICIT_PAGE = "explicit-page";

  /** How many of the best pages feed the site score. */
  static final int TOP_PAGES = 3;

  /** A page below the page threshold counts at half its score in the site score. */
  static final double UNFLAGGED_DISCOUNT = 0.5;

  static final int MAX_IDENTIFIERS = 50;
  static final int MAX_FINDINGS = 20;

  /** How many recently scored (URL, body) pairs are remembered to recognise replays. */
  static final int MAX_SCORED = 512;

  /**
   * The serialized state never exceeds this: half the default record limit of the changelog topic
   * (1 MiB), whatever the pages contain; see {@link #fitted}.
   */
  static final int MAX_STATE_BYTES = 512 * 1024;

  /** Which identifiers a full state keeps first: the ones that lead to a place or to money. */
  private static final List<String> TYPE_ORDER =
      List.of(
          "psb",
          "icp",
          "payment",
          "telegram",
          "qq",
          "wechat",
          "phone",
          "email",
          "baidu-tongji",
          "cnzz",
          "google-analytics",
          "google-tag-manager");

  private static final Comparator<TrackedPage> BEST_FIRST =
      Comparator.comparingDouble(TrackedPage::score).reversed().thenComparing(TrackedPage::url);

  SiteState {
    pages = pages == null ? List.of() : List.copyOf(pages);
    identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    findings = findings == null ? List.of() : List.copyOf(findings);
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0");
    }
    scored = scored == null ? List.of() : List.copyOf(scored);
    // a state stored before the evidence was kept: rebuilt from what its pages still show
    conductEvidence =
        conductEvidence == null ? rebuiltEvidence(pages) : List.copyOf(conductEvidence);
  }

  /**
   * The evidence of a state written before it was kept, from its tracked pages: their signals
   * mapped as {@link ConductDetector#fromSignals} does, and their explicit content as the evidence
   * for without-profit ({@link #withoutProfitEvidence}).
   */
  private static List<ConductReason> rebuiltEvidence(List<TrackedPage> pages) {
    List<ConductReason> found = new ArrayList<>();
    for (TrackedPage p : pages) {
      for (ConductReason r : ConductDetector.fromSignals(p.signals())) {
        found.add(Bounds.conductReason(r));
      }
    }
    withoutProfitEvidence(pages).ifPresent(found::add);
    return Conducts.merge(List.of(), found, Conducts.MAX_PER_CONDUCT);
  }

  /**
   * The evidence for without-profit on {@code pages}: their strongest explicit signal, or when no
   * page keeps its signals (a trimmed or old state), the first flagged page with explicit content,
   * its URL as the snippet. Kept in the state so that trimming signals never loses the conduct;
   * {@link Conducts#reasons} drops it when the site has profit evidence.
   */
  static Optional<ConductReason> withoutProfitEvidence(List<TrackedPage> pages) {
    Optional<SignalHit> strongest = strongestExplicit(pages);
    if (strongest.isPresent()) {
      SignalHit s = strongest.get();
      return Optional.of(
          Bounds.conductReason(
              new ConductReason(ConductDetector.WITHOUT_PROFIT, s.id(), s.snippet(), s.url())));
    }
    return pages.stream()
        .filter(p -> p.flagged() && p.categories().contains(Category.EXPLICIT.label()))
        .findFirst()
        .map(
            p ->
                Bounds.conductReason(
                    new ConductReason(
                        ConductDetector.WITHOUT_PROFIT, EXPLICIT_PAGE, p.url(), p.url())));
  }

  SiteState(
      long revision,
      long pagesScored,
      List<TrackedPage> pages,
      List<Identifier> identifiers,
      List<Finding> findings,
      long epoch,
      List<String> scored) {
    this(revision, pagesScored, pages, identifiers, findings, epoch, scored, List.of());
  }

  SiteState(
      long revision,
      long pagesScored,
      List<TrackedPage> pages,
      List<Identifier> identifiers,
      List<Finding> findings) {
    this(revision, pagesScored, pages, identifiers, findings, 0, List.of());
  }

  SiteState(long revision, long pagesScored, List<TrackedPage> pages) {
    this(revision, pagesScored, pages, List.of(), List.of());
  }

  static SiteState empty() {
    return empty(0);
  }

  /** A new site's state, opening epoch {@code epoch}. */
  static SiteState empty(long epoch) {
    return new SiteState(0, 0, List.of(), List.of(), List.of(), epoch, List.of(), List.of());
  }

  /** Whether {@code page} (same URL, same body digest) was scored recently. */
  boolean hasScored(TrackedPage page) {
    return hasScored(page, null);
  }

  /**
   * Whether {@code page} was scored recently: its body digest was seen with its final URL or with
   * {@code requestedUrl} (the address the crawler was asked for; {@code null} when unknown), as
   * either of the two. A page published twice (a crawler's handover, a replay) or reached through a
   * redirect to a varying address is so counted once.
   */
  boolean hasScored(TrackedPage page, String requestedUrl) {
    for (String key : scoredKeys(page, requestedUrl)) {
      if (scored.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> scoredKeys(TrackedPage page, String requestedUrl) {
    String finalKey = scoredKey(page.url(), page.bodySha256());
    if (requestedUrl == null) {
      return List.of(finalKey);
    }
    String requestedKey = scoredKey(Bounds.url(requestedUrl), page.bodySha256());
    return requestedKey.equals(finalKey) ? List.of(finalKey) : List.of(finalKey, requestedKey);
  }

  private static String scoredKey(String url, String bodySha256) {
    return Bounds.digest(url + '\n' + bodySha256);
  }

  /** Whether a page under the final URL or {@code requestedUrl} was counted already. */
  private boolean hasCounted(TrackedPage page, String requestedUrl) {
    for (String key : urlKeys(page, requestedUrl)) {
      if (scored.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> urlKeys(TrackedPage page, String requestedUrl) {
    String finalKey = urlKey(page.url());
    if (requestedUrl == null) {
      return List.of(finalKey);
    }
    String requestedKey = urlKey(Bounds.url(requestedUrl));
    return requestedKey.equals(finalKey) ? List.of(finalKey) : List.of(finalKey, requestedKey);
  }

  /** A URL's own key (a (URL, body) key always has a newline between the two). */
  private static String urlKey(String url) {
    return Bounds.digest("url\u0000" + url);
  }

  private List<String> scoredWith(TrackedPage page, String requestedUrl) {
    List<String> keys = new ArrayList<>(scoredKeys(page, requestedUrl));
    keys.addAll(urlKeys(page, requestedUrl));
    List<String> next = new ArrayList<>(scored.size() + keys.size());
    next.addAll(scored);
    next.removeAll(keys); // a key seen again moves to the end (most recent)
    next.addAll(keys);
    return next.size() > MAX_SCORED ? next.subList(next.size() - MAX_SCORED, next.size()) : next;
  }

  /**
   * This state, or a smaller one when its JSON would exceed {@code maxBytes}: fewer signals per
   * page, then fewer identifiers and findings, then only the top pages without signals. With the
   * fields cut by {@link Bounds} (at most 3 bytes a character) the third step is under 256 KiB
   * (three pages of about 13 KB, ten identifiers of about 14 KB, three findings of about 9 KB, 512
   * digests of 15 bytes), and the last one, which keeps no identifiers or findings, under 64 KiB:
   * the result always fits {@link #MAX_STATE_BYTES}.
   */
  SiteState fitted(int maxBytes, java.util.function.ToIntFunction<SiteState> size) {
    if (size.applyAsInt(this) <= maxBytes) {
      return this;
    }
    SiteState smaller =
        trimmed(pages.size(), 5, MAX_IDENTIFIERS, MAX_FINDINGS, Conducts.MAX_PER_CONDUCT);
    if (size.applyAsInt(smaller) <= maxBytes) {
      return smaller;
    }
    smaller = trimmed(pages.size(), 1, 20, 5, 2);
    if (size.applyAsInt(smaller) <= maxBytes) {
      return smaller;
    }
    smaller = trimmed(TOP_PAGES, 0, 10, 3, 1);
    if (size.applyAsInt(smaller) <= maxBytes) {
      return smaller;
    }
    // one reason per conduct stays: a conduct is never named without its evidence
    return trimmed(TOP_PAGES, 0, 0, 0, 1);
  }

  private SiteState trimmed(
      int maxPages,
      int signalsPerPage,
      int maxIdentifiers,
      int maxFindings,
      int reasonsPerConduct) {
    List<TrackedPage> fewer =
        pages.stream()
            .limit(maxPages)
            .map(
                p ->
                    p.signals().size() <= signalsPerPage
                        ? p
                        : p.withoutExtras().withSignals(p.signals().subList(0, signalsPerPage)))
            .toList();
    return new SiteState(
        revision,
        pagesScored,
        fewer,
        identifiers.subList(0, Math.min(maxIdentifiers, identifiers.size())),
        findings.subList(0, Math.min(maxFindings, findings.size())),
        epoch,
        scored,
        Conducts.merge(conductEvidence, List.of(), reasonsPerConduct));
  }

  /**
   * The state after one more scored page. A URL keeps its best score (evidence once seen is not
   * forgotten because a later fetch looks cleaner); at most {@code keep} pages are tracked.
   */
  SiteState with(TrackedPage page, int keep) {
    return with(page, null, keep);
  }

  /**
   * The state after one more scored page fetched for {@code requestedUrl} (remembered with the
   * final URL to recognise the page again; {@code null} when unknown). A URL keeps its best score,
   * and on a tie the page first seen: a refetch that scores the same is not new evidence.
   */
  SiteState with(TrackedPage page, String requestedUrl, int keep) {
    List<TrackedPage> next = new ArrayList<>(pages.size() + 1);
    boolean replaced = false;
    String requested = requestedUrl == null ? null : Bounds.url(requestedUrl);
    for (TrackedPage old : pages) {
      // a page behind a varying redirect (a session id) is the page tracked under its address
      if (old.url().equals(page.url()) || old.url().equals(requested)) {
        next.add(page.score() > old.score() ? page : old);
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
    return new SiteState(
        revision + 1,
        hasCounted(page, requestedUrl) ? pagesScored : pagesScored + 1,
        next,
        mergeIdentifiers(identifiers, page.identifiers()),
        mergeFindings(findings, page.findings()),
        epoch,
        scoredWith(page, requestedUrl),
        Conducts.merge(conductEvidence, evidenceOf(page, next), Conducts.MAX_PER_CONDUCT));
  }

  /**
   * What {@code page} adds to the evidence: its reasons, and the without-profit evidence of all.
   */
  private static List<ConductReason> evidenceOf(TrackedPage page, List<TrackedPage> next) {
    Optional<ConductReason> withoutProfit = withoutProfitEvidence(next);
    if (withoutProfit.isEmpty()) {
      return page.conductReasons();
    }
    List<ConductReason> added = new ArrayList<>(page.conductReasons());
    added.add(withoutProfit.get());
    return added;
  }

  /** This state with its revision set to {@code revision} (no verdict was emitted for a change). */
  SiteState withRevision(long revision) {
    return new SiteState(
        revision, pagesScored, pages, identifiers, findings, epoch, scored, conductEvidence);
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

  /**
   * The conducts of a site flagged or not ({@code siteFlagged}), from the evidence of all its
   * pages; see {@link Conducts}.
   */
  List<String> conducts(boolean siteFlagged) {
    return Conducts.of(conductReasons(siteFlagged));
  }

  /** The evidence behind {@link #conducts}, each conduct's reasons together, in conduct order. */
  List<ConductReason> conductReasons(boolean siteFlagged) {
    return Conducts.reasons(siteFlagged, conductEvidence, strongestExplicit());
  }

  /** The strongest explicit signal on any tracked page: the evidence behind without-profit. */
  private Optional<SignalHit> strongestExplicit() {
    return strongestExplicit(pages);
  }

  private static Optional<SignalHit> strongestExplicit(List<TrackedPage> pages) {
    return pages.stream()
        .flatMap(p -> p.signals().stream())
        .filter(s -> s.category().equals(Category.EXPLICIT.label()))
        .filter(s -> s.weight() > 0)
        .max(
            Comparator.comparingDouble(SignalHit::weight)
                .thenComparing(SignalHit::url, Comparator.reverseOrder())
                .thenComparing(SignalHit::id, Comparator.reverseOrder()));
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
        .sorted(
            Comparator.comparingDouble(SignalHit::weight)
                .reversed()
                .thenComparing(SignalHit::url)
                .thenComparing(SignalHit::id))
        .limit(max)
        .toList();
  }

  List<PageRef> pageRefs(int max) {
    return pages.stream().limit(max).map(TrackedPage::ref).toList();
  }
}
