package org.sitewatch.sink.jurisdiction;

import java.util.Objects;

/**
 * Something about a lead's jurisdiction an analyst must see: contradicting or missing indications.
 *
 * @param kind what it is
 * @param detail a readable explanation naming the identifiers involved
 */
public record Conflict(Kind kind, String detail) {
  /** Kinds of conflict. */
  public enum Kind {
    /**
     * The ICP province disagrees with the public-security area code's province, a public-security
     * number's prefix character with its own area code, or two filing numbers of one kind (two ICP,
     * two public-security) name different provinces.
     */
    FILING_MISMATCH,
    /**
     * Hosting is in another province than the operator: not an error, both bureaus get the lead.
     */
    HOSTING_ELSEWHERE,
    /** Registrant data names another province than the filing numbers. */
    REGISTRANT_MISMATCH,
    /**
     * An identifier that should indicate a region could not be read (unknown province, bad code).
     */
    UNREADABLE_INDICATION,
    /** A server address lies in no range of the table. */
    UNMATCHED_ADDRESS,
    /**
     * A region was indicated but the directory has no bureau for it, nor for its city or province.
     */
    NO_BUREAU,
    /** No bureau at all could be determined for the lead. */
    NO_JURISDICTION
  }

  public Conflict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }
}
