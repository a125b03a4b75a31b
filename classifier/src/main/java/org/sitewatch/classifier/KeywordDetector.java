package org.sitewatch.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;

/**
 * Lexicon keywords, matched by Lucene: the page's visible text goes into a {@link MemoryIndex}
 * with offsets, every rule's phrase is a precompiled query, and the Matches API gives the offsets
 * of each match in the original text for the snippet.
 */
final class KeywordDetector implements SignalDetector {
  static final int SNIPPET_CONTEXT = 30;
  /** Matches beyond this are not counted (the score caps far below it anyway). */
  private static final int MAX_COUNTED = 100;

  private final Analyzer pageAnalyzer;
  private final List<CompiledRule> rules;

  private record CompiledRule(LexiconRule rule, List<Query> queries) {}

  private record Found(int count, int start, int end) {}

  KeywordDetector(Lexicon lexicon) {
    this.pageAnalyzer = TextAnalysis.forPages();
    List<CompiledRule> compiled = new ArrayList<>();
    try (Analyzer phraseAnalyzer = TextAnalysis.forPhrases()) {
      for (LexiconRule rule : lexicon.rules()) {
        List<Query> queries = new ArrayList<>();
        for (String phrase : rule.phrases()) {
          queries.add(compile(phraseAnalyzer, rule.origin(), phrase));
        }
        compiled.add(new CompiledRule(rule, queries));
      }
    }
    this.rules = List.copyOf(compiled);
  }

  private static Query compile(Analyzer analyzer, String origin, String phrase) {
    List<String> terms = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(TextAnalysis.FIELD, phrase)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int position = -1;
      while (ts.incrementToken()) {
        position += inc.getPositionIncrement();
        terms.add(term.toString());
        positions.add(position);
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string cannot fail", e);
    }
    if (terms.isEmpty()) {
      throw Lexicon.bad(origin, "phrase '" + phrase + "' has no searchable words");
    }
    if (terms.size() == 1) {
      String only = terms.get(0);
      if (only.codePointCount(0, only.length()) == 1
          && Character.isIdeographic(only.codePointAt(0))) {
        throw Lexicon.bad(origin, "phrase '" + phrase
            + "' is a single Chinese character and would match inside any word");
      }
      return new TermQuery(new Term(TextAnalysis.FIELD, only));
    }
    PhraseQuery.Builder builder = new PhraseQuery.Builder();
    for (int i = 0; i < terms.size(); i++) {
      builder.add(new Term(TextAnalysis.FIELD, terms.get(i)), positions.get(i));
    }
    return builder.build();
  }

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    String text = page.text();
    if (text.isBlank()) {
      return;
    }
    MemoryIndex index = new MemoryIndex(true, false);
    index.addField(TextAnalysis.FIELD, text, pageAnalyzer);
    IndexSearcher searcher = index.createSearcher();
    LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
    try {
      for (CompiledRule compiled : rules) {
        int count = Integer.MAX_VALUE;
        List<Found> found = new ArrayList<>();
        for (Query query : compiled.queries()) {
          Found f = find(searcher, leaf, query);
          if (f == null) {
            count = 0;
            break;
          }
          count = Math.min(count, f.count());
          found.add(f);
        }
        if (count > 0) {
          List<String> snippets = new ArrayList<>();
          for (Found f : found) {
            snippets.add(TextAnalysis.snippet(text, f.start(), f.end(), SNIPPET_CONTEXT));
          }
          LexiconRule rule = compiled.rule();
          hits.add(new RawHit(
              rule.id(), rule.category(), rule.weight(), count, String.join(" | ", snippets)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("searching an in-memory index failed", e);
    }
  }

  private static Found find(IndexSearcher searcher, LeafReaderContext leaf, Query query)
      throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    Matches matches = weight.matches(leaf, 0);
    if (matches == null) {
      return null;
    }
    MatchesIterator it = matches.getMatches(TextAnalysis.FIELD);
    if (it == null || !it.next()) {
      return null;
    }
    int start = it.startOffset();
    int end = it.endOffset();
    int count = 1;
    while (count < MAX_COUNTED && it.next()) {
      count++;
    }
    return new Found(count, start, end);
  }
}
