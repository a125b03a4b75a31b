package org.sitewatch.sink.lead;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a lead is a repeat offender: it shares a strong identifier, or near-identical page text, with
 * a confirmed, referred or closed lead of another site.
 *
 * @param leadId the repeat offender
 * @param relatedLeadId the confirmed, referred or closed lead
 * @param relatedSite that lead's site
 * @param relatedStatus that lead's status now
 * @param basis what links them
 * @param identifierType the shared identifier's type; {@code text-simhash} for {@link
 *     Basis#SIMHASH}
 * @param identifierValue the shared identifier's value; for {@link Basis#SIMHASH} the two hashes,
 *     {@code <own>/<related>}
 * @param pageUrl for {@link Basis#SIMHASH}: this lead's page
 * @param relatedPageUrl for {@link Basis#SIMHASH}: the related lead's page
 * @param distance for {@link Basis#SIMHASH}: bits in which the two hashes differ
 * @param foundAt when the link was made
 */
public record RepeatLink(
    long leadId,
    long relatedLeadId,
    String relatedSite,
    LeadStatus relatedStatus,
    Basis basis,
    String identifierType,
    String identifierValue,
    Optional<String> pageUrl,
    Optional<String> relatedPageUrl,
    Optional<Integer> distance,
    Instant foundAt) {
  /** What a repeat-offender link rests on. */
  public enum Basis {
    /** A shared strong identifier that is not on the ignore list. */
    IDENTIFIER,
    /** Page text SimHashes within the configured distance. */
    SIMHASH
  }

  public RepeatLink {
    Objects.requireNonNull(relatedSite, "relatedSite");
    Objects.requireNonNull(relatedStatus, "relatedStatus");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(identifierType, "identifierType");
    Objects.requireNonNull(identifierValue, "identifierValue");
    pageUrl = pageUrl == null ? Optional.empty() : pageUrl;
    relatedPageUrl = relatedPageUrl == null ? Optional.empty() : relatedPageUrl;
    distance = distance == null ? Optional.empty() : distance;
    Objects.requireNonNull(foundAt, "foundAt");
    if (basis == Basis.SIMHASH
        && (pageUrl.isEmpty() || relatedPageUrl.isEmpty() || distance.isEmpty())) {
      throw new IllegalArgumentException("a SimHash link needs both pages and the distance");
    }
  }

  /** The link as plain values for JSON (absent parts left out), with {@link #explain()}. */
  public java.util.Map<String, Object> toMap() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("relatedLead", relatedLeadId);
    m.put("relatedSite", relatedSite);
    m.put("relatedStatus", relatedStatus.name());
    m.put("basis", basis.name().toLowerCase(java.util.Locale.ROOT));
    m.put("identifierType", identifierType);
    m.put("identifierValue", identifierValue);
    pageUrl.ifPresent(u -> m.put("page", u));
    relatedPageUrl.ifPresent(u -> m.put("relatedPage", u));
    distance.ifPresent(d -> m.put("distance", d));
    m.put("foundAt", foundAt.toString());
    m.put("explanation", explain());
    return m;
  }

  /** The basis in words, as the lead's history records it. */
  public String explain() {
    String of =
        "repeat of " + relatedSite + " (lead " + relatedLeadId + ", " + relatedStatus + "): ";
    return basis == Basis.IDENTIFIER
        ? of + "shares " + identifierType + " " + identifierValue
        : of
            + "text of "
            + pageUrl.orElseThrow()
            + " within "
            + distance.orElseThrow()
            + " bit(s) of "
            + relatedPageUrl.orElseThrow()
            + " (SimHash "
            + identifierValue
            + ")";
  }
}
