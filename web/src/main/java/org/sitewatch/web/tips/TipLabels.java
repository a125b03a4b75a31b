package org.sitewatch.web.tips;

import org.sitewatch.web.view.Messages;

/** Texts of the tip templates that the messages may not know. */
public final class TipLabels {
  private TipLabels() {}

  /**
   * The text of a status reason ({@code not-flagged}, {@code opened-by-hand}, ...): its message, or
   * the reason word itself for one this version has no text for (the sink may add reasons).
   */
  public static String reason(Messages m, String reason) {
    if (reason == null || reason.isEmpty()) {
      return "";
    }
    String text = m.t("tips.reason." + reason);
    return text.startsWith("??") ? reason : text;
  }

  /** The text of a category label, or the label itself for one this version does not know. */
  public static String category(Messages m, String label) {
    String text = m.t("tips.category." + label);
    return text.startsWith("??") ? label : text;
  }
}
