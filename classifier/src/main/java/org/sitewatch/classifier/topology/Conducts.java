package org.sitewatch.classifier.topology;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.sitewatch.classifier.page.Category;

/**
 * The conduct a lead suggests, from the categories of its evidence; the one place this mapping
 * lives (see {@code package-info.java}):
 *
 * <ul>
 *   <li>{@code profit} → {@code for-profit};
 *   <li>{@code explicit} without {@code profit} → {@code without-profit};
 *   <li>{@code live-video} → {@code showing-audio-video};
 *   <li>{@code solicitation} → {@code solicitation}.
 * </ul>
 *
 * Categories without a conduct ({@code minors}, {@code negative-context}) add none; the order of
 * the result is the order of the list above.
 */
final class Conducts {
  static final String FOR_PROFIT = "for-profit";
  static final String WITHOUT_PROFIT = "without-profit";
  static final String SHOWING_AUDIO_VIDEO = "showing-audio-video";
  static final String SOLICITATION = "solicitation";

  private Conducts() {}

  static List<String> of(Collection<String> categories) {
    List<String> conducts = new ArrayList<>(4);
    boolean profit = categories.contains(Category.PROFIT.label());
    if (profit) {
      conducts.add(FOR_PROFIT);
    } else if (categories.contains(Category.EXPLICIT.label())) {
      conducts.add(WITHOUT_PROFIT);
    }
    if (categories.contains(Category.LIVE_VIDEO.label())) {
      conducts.add(SHOWING_AUDIO_VIDEO);
    }
    if (categories.contains(Category.SOLICITATION.label())) {
      conducts.add(SOLICITATION);
    }
    return List.copyOf(conducts);
  }
}
