package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The keyword detector matches a page's kept terms itself; these are the matches, in the same order
 * with the same positions and offsets, that Lucene's term, phrase and prefix queries give on a
 * {@link MemoryIndex} of the full analysis chain (how the detector matched until issue 15), for
 * every phrase of the built-in lexicons and cues, on random texts made of pieces of those phrases.
 */
class KeywordMatchingTest {
  private static KeywordDetector detector;
  private static final WordBoundaryCheck WORDS = new WordBoundaryCheck();
  private static final Analyzer CHAIN = TextAnalysis.forPages();
  private static final List<String> PIECES = new ArrayList<>();
  private static final List<String> STEMS = new ArrayList<>();

  /** Phrases of several words, once as written and once with a word between each two. */
  private static final List<String> NEAR_MISSES = new ArrayList<>();

  @BeforeAll
  static void load() {
    Lexicon lexicon = Lexicon.load(Optional.empty());
    detector = new KeywordDetector(lexicon);
    for (LexiconRule rule : lexicon.rules()) {
      for (String phrase : rule.phrases()) {
        PIECES.add(phrase.replace("*", ""));
        // and its words and characters alone, for near misses of phrases ("18 x 禁")
        for (String word : phrase.replace("*", "").split(" ")) {
          PIECES.add(word + " ");
          word.codePoints().forEach(c -> PIECES.add(new String(Character.toChars(c))));
        }
        if (phrase.contains(" ")) {
          NEAR_MISSES.add(phrase + " 。 " + phrase.replace(" ", " x ") + " 。 ");
        }
        if (phrase.endsWith("*")) {
          STEMS.add(phrase.substring(0, phrase.length() - 1));
        }
      }
    }
    for (MatchContext.Cue cue : MatchContext.builtIn()) {
      PIECES.add(cue.phrase().replace("*", ""));
    }
  }

  private static final String[] FILLERS = {
    " ", " ", "  ", "\n", "，", "。", "*", ".", "-", "的", "是", "颜", "况", "s", "star", "ing", "X", "1",
    "Ｑ", "色", "情", "啪", "啪啪", "the", "free", "ｐ", "0", "zh"
  };

  @Test
  void matchesAsLuceneQueriesOnAnIndexOfThePage() throws IOException {
    Random random = new Random(15);
    int[] matched = new int[3]; // term, phrase, prefix
    List<String> pages = new ArrayList<>();
    for (int n = 0; n < NEAR_MISSES.size(); n += 20) {
      pages.add(String.join("", NEAR_MISSES.subList(n, Math.min(NEAR_MISSES.size(), n + 20))));
    }
    for (int n = 0; n < 200; n++) {
      StringBuilder text = new StringBuilder();
      int pieces = 1 + random.nextInt(40);
      for (int k = 0; k < pieces; k++) {
        int kind = random.nextInt(6);
        text.append(
            kind < 2
                ? FILLERS[random.nextInt(FILLERS.length)]
                : kind == 2
                    ? STEMS.get(random.nextInt(STEMS.size()))
                    : PIECES.get(random.nextInt(PIECES.size())));
      }
      pages.add(text.toString());
    }
    for (String page : pages) {
      MemoryIndex index = new MemoryIndex(true, false);
      index.addField(TextAnalysis.FIELD, CHAIN.tokenStream(TextAnalysis.FIELD, page));
      IndexSearcher searcher = index.createSearcher();
      LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
      for (KeywordDetector.PartMatches part : detector.partMatches(page)) {
        List<Occurrence> expected = lucene(searcher, leaf, part, page);
        assertThat(part.matches()).as("%s on %s", part.terms(), page).isEqualTo(expected);
        matched[part.prefix() ? 2 : part.terms().size() > 1 ? 1 : 0] += expected.size();
      }
    }
    // every kind of phrase was matched many times
    assertThat(java.util.Arrays.stream(matched).min().orElseThrow())
        .as("fewest matches of a kind: term, phrase, prefix %s", java.util.Arrays.toString(matched))
        .isGreaterThan(50);
  }

  private static List<Occurrence> lucene(
      IndexSearcher searcher, LeafReaderContext leaf, KeywordDetector.PartMatches part, String text)
      throws IOException {
    Query query;
    if (part.prefix()) {
      query = new PrefixQuery(new Term(TextAnalysis.FIELD, part.terms().get(0)));
    } else if (part.terms().size() == 1) {
      query = new TermQuery(new Term(TextAnalysis.FIELD, part.terms().get(0)));
    } else {
      PhraseQuery.Builder phrase = new PhraseQuery.Builder();
      for (int i = 0; i < part.terms().size(); i++) {
        phrase.add(new Term(TextAnalysis.FIELD, part.terms().get(i)), part.positions()[i]);
      }
      query = phrase.build();
    }
    Weight weight =
        searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    List<Occurrence> found = new ArrayList<>();
    Matches matches = weight.matches(leaf, 0);
    MatchesIterator it = matches == null ? null : matches.getMatches(TextAnalysis.FIELD);
    while (it != null && it.next()) {
      if (part.wordCheck() && !WORDS.standsAlone(text, it.startOffset(), it.endOffset())) {
        continue;
      }
      found.add(
          new Occurrence(it.startPosition(), it.endPosition(), it.startOffset(), it.endOffset()));
    }
    return found;
  }
}
