package org.sitewatch.sink.lead;

import java.util.Arrays;

/** The aggravating circumstances the 2004 notice asks to punish most heavily. */
public enum PriorityFlag {
  /** A signal of category {@code minors} fired. */
  MINORS("minors"),
  /** The site, or a page or link in its evidence, is on an education network. */
  EDUCATION_NETWORK("education-network"),
  /**
   * The site shares a strong identifier with a confirmed, referred or closed lead of another site.
   */
  REPEAT_OFFENDER("repeat-offender");

  private final String label;

  PriorityFlag(String label) {
    this.label = label;
  }

  /** The name shown to analysts and stored on the lead, e.g. {@code repeat-offender}. */
  public String label() {
    return label;
  }

  /** The flag with this label. */
  public static PriorityFlag ofLabel(String label) {
    return Arrays.stream(values())
        .filter(f -> f.label.equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown priority flag: " + label));
  }
}
