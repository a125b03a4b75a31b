package org.sitewatch.sink.lead;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;

/**
 * A flagged site as the analysts see it: one per site, carrying the evidence of the newest verdict
 * applied to it.
 *
 * @param id database identity
 * @param site registered domain
 * @param status review state
 * @param score site score in [0, 1] of the newest verdict
 * @param categories categories the evidence points to
 * @param signals the signals that fired, each with its snippet and page
 * @param pages the pages that contributed most
 * @param revision the verdict revision the lead reflects
 * @param lexiconVersion the lexicon version of that verdict
 * @param firstFlaggedAt when the sink opened the lead
 * @param updatedAt when the sink last changed the lead
 * @param conducts the conducts the evidence points to ({@code for-profit}, ...)
 * @param identifiers what ties the site to its operator
 * @param findings other findings (e.g. injected links)
 * @param conductReasons the evidence behind each conduct: signal, snippet and page (bounded by the
 *     sink's intake; empty for leads of verdicts without it)
 */
public record Lead(
    long id,
    String site,
    LeadStatus status,
    double score,
    List<String> categories,
    List<SignalHit> signals,
    List<PageRef> pages,
    long revision,
    String lexiconVersion,
    Instant firstFlaggedAt,
    Instant updatedAt,
    List<String> conducts,
    List<Identifier> identifiers,
    List<Finding> findings,
    List<ConductReason> conductReasons) {

  public Lead {
    Objects.requireNonNull(site, "site");
    if (site.isBlank()) {
      throw new IllegalArgumentException("site must not be blank");
    }
    Objects.requireNonNull(status, "status");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    categories = categories == null ? List.of() : List.copyOf(categories);
    signals = signals == null ? List.of() : List.copyOf(signals);
    pages = pages == null ? List.of() : List.copyOf(pages);
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1");
    }
    lexiconVersion = lexiconVersion == null ? "" : lexiconVersion;
    Objects.requireNonNull(firstFlaggedAt, "firstFlaggedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    conducts = conducts == null ? List.of() : List.copyOf(conducts);
    identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    findings = findings == null ? List.of() : List.copyOf(findings);
    conductReasons = conductReasons == null ? List.of() : List.copyOf(conductReasons);
  }

  /** A lead without the evidence behind its conducts (verdicts made before issue 16). */
  public Lead(
      long id,
      String site,
      LeadStatus status,
      double score,
      List<String> categories,
      List<SignalHit> signals,
      List<PageRef> pages,
      long revision,
      String lexiconVersion,
      Instant firstFlaggedAt,
      Instant updatedAt,
      List<String> conducts,
      List<Identifier> identifiers,
      List<Finding> findings) {
    this(
        id,
        site,
        status,
        score,
        categories,
        signals,
        pages,
        revision,
        lexiconVersion,
        firstFlaggedAt,
        updatedAt,
        conducts,
        identifiers,
        findings,
        List.of());
  }

  /** The reasons behind one conduct, in the verdict's order. */
  public List<ConductReason> reasonsFor(String conduct) {
    return conductReasons.stream().filter(r -> r.conduct().equals(conduct)).toList();
  }

  /**
   * The conducts to show with their reasons: the lead's conducts only. A reason for a conduct the
   * lead does not have (a without-profit reason next to for-profit, say) is not shown: it would
   * present a conduct the verdict did not name.
   */
  public List<String> conductsWithReasons() {
    return conducts;
  }

  /** A lead without conducts, identifiers or findings (verdicts of schema version 1). */
  public Lead(
      long id,
      String site,
      LeadStatus status,
      double score,
      List<String> categories,
      List<SignalHit> signals,
      List<PageRef> pages,
      long revision,
      String lexiconVersion,
      Instant firstFlaggedAt,
      Instant updatedAt) {
    this(
        id,
        site,
        status,
        score,
        categories,
        signals,
        pages,
        revision,
        lexiconVersion,
        firstFlaggedAt,
        updatedAt,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }
}
