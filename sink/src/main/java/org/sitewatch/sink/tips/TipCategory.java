package org.sitewatch.sink.tips;

import java.util.Arrays;
import java.util.Optional;

/** What the reporter says the site shows: the choices of the report form. */
public enum TipCategory {
  /** Obscene or pornographic pictures, video or text. */
  EXPLICIT("explicit"),
  /** Anything that seems to involve minors. */
  MINORS("minors"),
  /** Offers of prostitution or "companionship". */
  SOLICITATION("solicitation"),
  /** Paid membership, paid downloads or other sale of such content. */
  PAID_CONTENT("paid-content"),
  /** Something else (the description says what). */
  OTHER("other");

  private final String label;

  TipCategory(String label) {
    this.label = label;
  }

  /** The stored and submitted name, e.g. {@code paid-content}. */
  public String label() {
    return label;
  }

  /** The category with this label, or empty. */
  public static Optional<TipCategory> ofLabel(String label) {
    return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
  }
}
