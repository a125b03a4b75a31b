package org.sitewatch.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The classifier's current decision about a site, keyed by site on the (compacted) verdict topic. A
 * new verdict for the same site supersedes the previous one; {@link #revision()} increases with
 * every update so that consumers can ignore replays and out-of-order copies.
 *
 * @param v schema version (1)
 * @param site registered domain
 * @param revision per-site sequence number, starting at 1
 * @param flagged whether the site should become a lead
 * @param score site score in [0, 1]
 * @param pagesScored how many pages of the site have been scored
 * @param categories categories the evidence points to (e.g. {@code explicit}, {@code profit})
 * @param signals the strongest signals that fired, each with its snippet and page
 * @param pages the pages that contributed most, highest score first
 * @param lexiconVersion the lexicon version in force when the verdict was made
 * @param decidedAt when the verdict was made
 * @param conducts the conduct the evidence points to (added in v2): {@code for-profit}, {@code
 *     without-profit}, {@code showing-audio-video}, {@code solicitation}
 * @param identifiers identifiers seen on the site's pages (added in v2)
 * @param findings notable facts that are not score signals, e.g. injected links (added in v2)
 * @param epoch generation of the classifier state that made this verdict (added in v2, optional; 0
 *     when absent): a classifier whose state was lost starts a new, larger epoch, and revisions
 *     count again from 1 within it. Consumers order verdicts of a site by (epoch, revision).
 * @param traceId the trace id of the newest page this verdict counted (the page whose scoring made
 *     it), optional: {@code null} when that page had none or for verdicts made before it existed
 * @param lastFetchedAt when that newest page was fetched (optional, like {@code traceId}): the
 *     start of the fetch-to-verdict and fetch-to-lead latencies
 * @param conductReasons the evidence behind each of {@link #conducts()} (optional, empty when
 *     absent): which price, payment method, player or contact handle, on which page
 */
public record SiteVerdict(
    int v,
    String site,
    long revision,
    boolean flagged,
    double score,
    int pagesScored,
    List<String> categories,
    List<SignalHit> signals,
    List<PageRef> pages,
    String lexiconVersion,
    Instant decidedAt,
    List<String> conducts,
    List<Identifier> identifiers,
    List<Finding> findings,
    long epoch,
    String traceId,
    Instant lastFetchedAt,
    List<ConductReason> conductReasons) {
  public static final int VERSION = 2;

  public SiteVerdict {
    v = Checks.version(v);
    Checks.text(site, "site");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    if (pagesScored < 0) {
      throw new IllegalArgumentException("pagesScored must be >= 0");
    }
    categories = Checks.list(categories);
    signals = Checks.list(signals);
    pages = Checks.list(pages);
    lexiconVersion = lexiconVersion == null ? "" : lexiconVersion;
    Objects.requireNonNull(decidedAt, "decidedAt");
    conducts = Checks.list(conducts);
    identifiers = Checks.list(identifiers);
    findings = Checks.list(findings);
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0");
    }
    traceId = Checks.traceId(traceId);
    conductReasons = Checks.list(conductReasons);
  }

  /** A verdict without the evidence behind its conducts. */
  public SiteVerdict(
      int v,
      String site,
      long revision,
      boolean flagged,
      double score,
      int pagesScored,
      List<String> categories,
      List<SignalHit> signals,
      List<PageRef> pages,
      String lexiconVersion,
      Instant decidedAt,
      List<String> conducts,
      List<Identifier> identifiers,
      List<Finding> findings,
      long epoch,
      String traceId,
      Instant lastFetchedAt) {
    this(
        v,
        site,
        revision,
        flagged,
        score,
        pagesScored,
        categories,
        signals,
        pages,
        lexiconVersion,
        decidedAt,
        conducts,
        identifiers,
        findings,
        epoch,
        traceId,
        lastFetchedAt,
        List.of());
  }

  /** A verdict without a trace id or newest page fetch time. */
  public SiteVerdict(
      int v,
      String site,
      long revision,
      boolean flagged,
      double score,
      int pagesScored,
      List<String> categories,
      List<SignalHit> signals,
      List<PageRef> pages,
      String lexiconVersion,
      Instant decidedAt,
      List<String> conducts,
      List<Identifier> identifiers,
      List<Finding> findings,
      long epoch) {
    this(
        v,
        site,
        revision,
        flagged,
        score,
        pagesScored,
        categories,
        signals,
        pages,
        lexiconVersion,
        decidedAt,
        conducts,
        identifiers,
        findings,
        epoch,
        null,
        null);
  }

  /** The same verdict, naming the newest page it counted: its trace id and fetch time. */
  public SiteVerdict withNewestPage(String newestTraceId, Instant newestFetchedAt) {
    return new SiteVerdict(
        v,
        site,
        revision,
        flagged,
        score,
        pagesScored,
        categories,
        signals,
        pages,
        lexiconVersion,
        decidedAt,
        conducts,
        identifiers,
        findings,
        epoch,
        newestTraceId,
        newestFetchedAt,
        conductReasons);
  }

  /** The same verdict with other evidence behind its conducts (e.g. bounded by a reader). */
  public SiteVerdict withConductReasons(List<ConductReason> reasons) {
    return new SiteVerdict(
        v,
        site,
        revision,
        flagged,
        score,
        pagesScored,
        categories,
        signals,
        pages,
        lexiconVersion,
        decidedAt,
        conducts,
        identifiers,
        findings,
        epoch,
        traceId,
        lastFetchedAt,
        reasons);
  }

  /** A verdict without an epoch (epoch 0: made before epochs existed). */
  public SiteVerdict(
      int v,
      String site,
      long revision,
      boolean flagged,
      double score,
      int pagesScored,
      List<String> categories,
      List<SignalHit> signals,
      List<PageRef> pages,
      String lexiconVersion,
      Instant decidedAt,
      List<String> conducts,
      List<Identifier> identifiers,
      List<Finding> findings) {
    this(
        v,
        site,
        revision,
        flagged,
        score,
        pagesScored,
        categories,
        signals,
        pages,
        lexiconVersion,
        decidedAt,
        conducts,
        identifiers,
        findings,
        0L);
  }

  /** A verdict with the version-1 fields only (no conducts, identifiers or findings). */
  public SiteVerdict(
      int v,
      String site,
      long revision,
      boolean flagged,
      double score,
      int pagesScored,
      List<String> categories,
      List<SignalHit> signals,
      List<PageRef> pages,
      String lexiconVersion,
      Instant decidedAt) {
    this(
        v,
        site,
        revision,
        flagged,
        score,
        pagesScored,
        categories,
        signals,
        pages,
        lexiconVersion,
        decidedAt,
        List.of(),
        List.of(),
        List.of());
  }

  /** A builder for a verdict of the current {@link #VERSION}; the lists default to empty. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets a verdict's fields by name; {@link #build()} validates like the constructor. */
  public static final class Builder {
    private int v = VERSION;
    private String site;
    private long revision;
    private boolean flagged;
    private double score;
    private int pagesScored;
    private List<String> categories = List.of();
    private List<SignalHit> signals = List.of();
    private List<PageRef> pages = List.of();
    private String lexiconVersion = "";
    private Instant decidedAt;
    private List<String> conducts = List.of();
    private List<Identifier> identifiers = List.of();
    private List<Finding> findings = List.of();
    private long epoch;
    private String traceId;
    private Instant lastFetchedAt;
    private List<ConductReason> conductReasons = List.of();

    private Builder() {}

    public Builder v(int v) {
      this.v = v;
      return this;
    }

    public Builder site(String site) {
      this.site = site;
      return this;
    }

    public Builder revision(long revision) {
      this.revision = revision;
      return this;
    }

    public Builder flagged(boolean flagged) {
      this.flagged = flagged;
      return this;
    }

    public Builder score(double score) {
      this.score = score;
      return this;
    }

    public Builder pagesScored(int pagesScored) {
      this.pagesScored = pagesScored;
      return this;
    }

    public Builder categories(List<String> categories) {
      this.categories = categories;
      return this;
    }

    public Builder signals(List<SignalHit> signals) {
      this.signals = signals;
      return this;
    }

    public Builder pages(List<PageRef> pages) {
      this.pages = pages;
      return this;
    }

    public Builder lexiconVersion(String lexiconVersion) {
      this.lexiconVersion = lexiconVersion;
      return this;
    }

    public Builder decidedAt(Instant decidedAt) {
      this.decidedAt = decidedAt;
      return this;
    }

    public Builder conducts(List<String> conducts) {
      this.conducts = conducts;
      return this;
    }

    public Builder identifiers(List<Identifier> identifiers) {
      this.identifiers = identifiers;
      return this;
    }

    public Builder findings(List<Finding> findings) {
      this.findings = findings;
      return this;
    }

    public Builder epoch(long epoch) {
      this.epoch = epoch;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public Builder lastFetchedAt(Instant lastFetchedAt) {
      this.lastFetchedAt = lastFetchedAt;
      return this;
    }

    public Builder conductReasons(List<ConductReason> conductReasons) {
      this.conductReasons = conductReasons;
      return this;
    }

    public SiteVerdict build() {
      return new SiteVerdict(
          v,
          site,
          revision,
          flagged,
          score,
          pagesScored,
          categories,
          signals,
          pages,
          lexiconVersion,
          decidedAt,
          conducts,
          identifiers,
          findings,
          epoch,
          traceId,
          lastFetchedAt,
          conductReasons);
    }
  }
}
