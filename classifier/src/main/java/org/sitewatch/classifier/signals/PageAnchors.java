package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sitewatch.classifier.page.PageText;

/**
 * The literal anchors of every text detector ({@link StructureDetector}, {@link PaymentDetector},
 * {@link IdentifierExtractor}), found in one pass over a page's text ({@link PageText#anchors})
 * instead of one pass per detector. Each detector reads its own groups through a {@link Slice}.
 */
public final class PageAnchors {
  /** A detector's groups within the shared scan. */
  public record Slice(int from, int count) {}

  private static final List<String[]> GROUPS = new ArrayList<>();
  private static final List<Boolean> FOLD = new ArrayList<>();

  static final Slice STRUCTURE = add(StructureDetector.ANCHOR_GROUPS, false);
  static final Slice PAYMENT = add(PaymentDetector.ANCHOR_GROUPS, false);

  /** Found as in the width-folded text the identifier patterns run on. */
  static final Slice IDENTIFIER = add(IdentifierExtractor.ANCHOR_GROUPS, true);

  private static final TextScan.Anchors ALL = build();

  private PageAnchors() {}

  private static Slice add(String[][] groups, boolean foldWidth) {
    Slice slice = new Slice(GROUPS.size(), groups.length);
    for (String[] group : groups) {
      GROUPS.add(group);
      FOLD.add(foldWidth);
    }
    return slice;
  }

  private static TextScan.Anchors build() {
    boolean[] fold = new boolean[FOLD.size()];
    for (int g = 0; g < fold.length; g++) {
      fold[g] = FOLD.get(g);
    }
    return new TextScan.Anchors(GROUPS.toArray(String[][]::new), fold);
  }

  /** Every group's positions in {@code text}; see {@link TextScan.Anchors#find}. */
  public static int[][] find(String text) {
    return ALL.find(text);
  }

  /** The groups of {@code slice} out of a {@link #find} result. */
  public static int[][] slice(int[][] all, Slice slice) {
    return Arrays.copyOfRange(all, slice.from(), slice.from() + slice.count());
  }
}
