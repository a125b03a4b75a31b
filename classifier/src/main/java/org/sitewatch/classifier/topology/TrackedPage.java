package org.sitewatch.classifier.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.signals.IdentifierExtractor;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.WarcRef;

/**
 * A scored page as the site state keeps it (JSON in the state store).
 *
 * @param url final URL of the page
 * @param score page score
 * @param flagged whether the page reached the page threshold
 * @param bodySha256 SHA-256 of the body as captured, for the evidence trail
 * @param fetchedAt when the page was fetched
 * @param categories categories of the page's positive signals
 * @param signals the page's strongest signals
 * @param identifiers identifiers found on the page; carried to the site state, which keeps them
 *     once per site (absent in states written before they existed)
 * @param findings findings about the page, likewise
 * @param warc where the crawler stored the page's HTTP exchange as WARC, carried into the verdict's
 *     page reference for the evidence bundle; {@code null} when not captured (and in states written
 *     before capture existed)
 * @param textSimhash SimHash of the page's visible text (16 hex digits), or {@code null}
 * @param traceId the page's trace id ({@link FetchedPage#traceId()}), handed to the verdict the
 *     page makes (the state may keep it with the page); {@code null} when the page had none
 * @param conductReasons the page's evidence for each conduct, bounded; carried to the site state,
 *     which keeps it per site (absent in states written before it existed)
 */
record TrackedPage(
    String url,
    double score,
    boolean flagged,
    String bodySha256,
    Instant fetchedAt,
    List<String> categories,
    List<SignalHit> signals,
    List<Identifier> identifiers,
    List<Finding> findings,
    WarcRef warc,
    String textSimhash,
    String traceId,
    List<ConductReason> conductReasons) {
  TrackedPage {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    categories = categories == null ? List.of() : List.copyOf(categories);
    signals = signals == null ? List.of() : List.copyOf(signals);
    identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    findings = findings == null ? List.of() : List.copyOf(findings);
    conductReasons = conductReasons == null ? List.of() : List.copyOf(conductReasons);
  }

  TrackedPage(
      String url,
      double score,
      boolean flagged,
      String bodySha256,
      Instant fetchedAt,
      List<String> categories,
      List<SignalHit> signals,
      List<Identifier> identifiers,
      List<Finding> findings,
      WarcRef warc,
      String textSimhash,
      String traceId) {
    this(
        url,
        score,
        flagged,
        bodySha256,
        fetchedAt,
        categories,
        signals,
        identifiers,
        findings,
        warc,
        textSimhash,
        traceId,
        List.of());
  }

  TrackedPage(
      String url,
      double score,
      boolean flagged,
      String bodySha256,
      Instant fetchedAt,
      List<String> categories,
      List<SignalHit> signals,
      List<Identifier> identifiers,
      List<Finding> findings,
      WarcRef warc,
      String textSimhash) {
    this(
        url,
        score,
        flagged,
        bodySha256,
        fetchedAt,
        categories,
        signals,
        identifiers,
        findings,
        warc,
        textSimhash,
        null);
  }

  TrackedPage(
      String url,
      double score,
      boolean flagged,
      String bodySha256,
      Instant fetchedAt,
      List<String> categories,
      List<SignalHit> signals) {
    this(
        url,
        score,
        flagged,
        bodySha256,
        fetchedAt,
        categories,
        signals,
        List.of(),
        List.of(),
        null,
        null);
  }

  TrackedPage(
      String url,
      double score,
      boolean flagged,
      String bodySha256,
      Instant fetchedAt,
      List<String> categories,
      List<SignalHit> signals,
      List<Identifier> identifiers,
      List<Finding> findings) {
    this(
        url,
        score,
        flagged,
        bodySha256,
        fetchedAt,
        categories,
        signals,
        identifiers,
        findings,
        null,
        null);
  }

  /**
   * The page as the site state keeps it: every field that reaches the state store and the verdict
   * topic bounded ({@link Bounds}), at most {@code keepSignals} signals, and the address the page
   * was fetched from added to its identifiers (hosting jurisdiction).
   */
  static TrackedPage bounded(PageScore score, FetchedPage page, int keepSignals) {
    return new TrackedPage(
        Bounds.url(score.url()),
        score.score(),
        score.flagged(),
        page.bodySha256(),
        page.fetchedAt(),
        Bounds.labels(score.categories()),
        Bounds.signals(score.signals(), keepSignals),
        Bounds.identifiers(withServerIp(score, page), IdentifierExtractor.MAX_PER_PAGE + 1),
        Bounds.findings(score.findings()),
        page.warc(),
        score.textSimhash(),
        page.traceId(),
        Bounds.conductReasons(score.conductReasons()));
  }

  private static List<Identifier> withServerIp(PageScore score, FetchedPage page) {
    if (page.serverIp() == null || page.serverIp().isBlank()) {
      return score.identifiers();
    }
    List<Identifier> ids = new ArrayList<>(score.identifiers());
    ids.add(new Identifier("server-ip", page.serverIp(), "", page.finalUrl(), Map.of()));
    return ids;
  }

  /** This page with {@code signals} instead of its own, everything else kept. */
  TrackedPage withSignals(List<SignalHit> signals) {
    return new TrackedPage(
        url,
        score,
        flagged,
        bodySha256,
        fetchedAt,
        categories,
        signals,
        identifiers,
        findings,
        warc,
        textSimhash);
  }

  /**
   * This page without its identifiers, findings and conduct evidence, which the site state keeps
   * per site.
   */
  TrackedPage withoutExtras() {
    return identifiers.isEmpty() && findings.isEmpty() && conductReasons.isEmpty()
        ? this
        : new TrackedPage(
            url,
            score,
            flagged,
            bodySha256,
            fetchedAt,
            categories,
            signals,
            List.of(),
            List.of(),
            warc,
            textSimhash);
  }

  PageRef ref() {
    return new PageRef(url, score, bodySha256, fetchedAt, textSimhash, warc);
  }
}
