package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jsoup.nodes.Document;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;

/**
 * Cloaking: text hidden from visitors (see {@link Hiding}) that carries explicit words, found by
 * running the keyword detector it is given on the hidden text alone. Hidden link blocks to other
 * sites are not seen here: {@link InjectedLinks} separates them, because they make the page a
 * victim rather than a suspect. The classifier hands over the hidden elements that {@link
 * InjectedLinks} found in its walk ({@link #signal}); as a {@link SignalDetector} it walks the page
 * itself.
 */
public final class HiddenTextDetector implements SignalDetector {
  static final String ID = "structure.hidden-text";
  static final double WEIGHT = 1.2;
  private static final int MAX_HIDDEN = 200;
  private static final int MAX_CHARS = 20_000;

  private final SignalDetector keywords;

  public HiddenTextDetector(SignalDetector keywords) {
    this.keywords = keywords;
  }

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    if (page.document().isEmpty()) {
      return;
    }
    Document doc = page.document().get();
    signal(Hiding.of(doc, page.dom()).roots(MAX_HIDDEN)).ifPresent(hits::add);
  }

  /** The cloaking signal for these hidden elements, if their text carries explicit words. */
  public Optional<RawHit> signal(List<Hiding.Hidden> roots) {
    StringJoiner hidden = new StringJoiner("\n");
    Set<String> techniques = new LinkedHashSet<>();
    int chars = 0;
    for (Hiding.Hidden h : roots) {
      String text = h.element().text();
      if (text.length() < 2 || chars >= MAX_CHARS) {
        continue;
      }
      hidden.add(text);
      chars += text.length() + 1;
      techniques.add(h.technique());
    }
    if (chars == 0) {
      return Optional.empty();
    }
    List<RawHit> found = new ArrayList<>();
    keywords.detect(new PageText(hidden.toString(), Optional.empty(), Map.of()), found);
    List<RawHit> explicit =
        found.stream().filter(h -> h.category() == Category.EXPLICIT && h.weight() > 0).toList();
    if (explicit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RawHit(
            ID,
            Category.EXPLICIT,
            WEIGHT,
            explicit.size(),
            "[" + String.join(", ", techniques) + "] " + explicit.get(0).snippet()));
  }
}
