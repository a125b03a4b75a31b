package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
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
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;

/**
 * Lexicon keywords, matched by Lucene: the page's visible text goes into a {@link MemoryIndex} with
 * offsets, every rule's phrase is a precompiled query, and the Matches API gives the offsets of
 * each match in the original text for the snippet.
 *
 * <p>A rule is only searched when every term it needs is in the page's term dictionary (a seek in a
 * sorted in-memory dictionary), so the cost grows with the rules a page could match, not with the
 * size of the lexicon. A two-character Chinese phrase is checked against word boundaries ({@link
 * WordBoundaryCheck}) match by match. Phrases are whole words for Latin script (the tokenizer
 * splits words); {@code word*} asks for a prefix instead.
 */
public final class KeywordDetector implements SignalDetector {
  public static final int SNIPPET_CONTEXT = 30;

  /** Matches beyond this are not counted (the score caps far below it anyway). */
  private static final int MAX_COUNTED = 100;

  /** Occurrences looked at per part of a proximity rule. */
  private static final int MAX_NEAR = 1_000;

  /** A prefix must be at least this long, or it would match too much ({@code se*}). */
  static final int MIN_PREFIX = 3;

  private final Analyzer pageAnalyzer;
  private final WordBoundaryCheck words;
  private final List<CompiledRule> rules;

  /**
   * One phrase of a rule.
   *
   * @param terms every term the phrase needs on the page (the prefix for a prefix query)
   * @param prefix whether {@code terms} holds a single prefix
   * @param wordCheck a two-character Chinese phrase, checked against word boundaries
   */
  private record Part(Query query, List<BytesRef> terms, boolean prefix, boolean wordCheck) {}

  private record CompiledRule(LexiconRule rule, List<Part> parts) {}

  /** One match: token positions (inclusive) and offsets in the original text. */
  private record Occurrence(int startPos, int endPos, int start, int end) {}

  public KeywordDetector(Lexicon lexicon) {
    this.words = new WordBoundaryCheck();
    List<CompiledRule> compiled = new ArrayList<>();
    Set<String> keep = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    try (Analyzer phraseAnalyzer = TextAnalysis.forPages()) {
      for (LexiconRule rule : lexicon.rules()) {
        CompiledRule c = compile(phraseAnalyzer, rule);
        compiled.add(c);
        for (Part part : c.parts()) {
          for (BytesRef term : part.terms()) {
            (part.prefix() ? prefixes : keep).add(term.utf8ToString());
          }
        }
      }
    }
    this.rules = List.copyOf(compiled);
    this.pageAnalyzer = TextAnalysis.forMatching(keep, prefixes);
  }

  /**
   * Checks that every phrase of {@code rule} can be matched (the same checks as loading a lexicon),
   * for tools that write lexicons; {@code analyzer} is {@link TextAnalysis#forPages()}.
   *
   * @throws IllegalArgumentException naming the rule's origin when a phrase cannot be matched
   */
  static void check(Analyzer analyzer, LexiconRule rule) {
    compile(analyzer, rule);
  }

  private static CompiledRule compile(Analyzer analyzer, LexiconRule rule) {
    List<Part> parts = new ArrayList<>();
    for (String phrase : rule.phrases()) {
      parts.add(compile(analyzer, rule.origin(), phrase));
    }
    return new CompiledRule(rule, List.copyOf(parts));
  }

  private static Part compile(Analyzer analyzer, String origin, String phrase) {
    boolean prefix = phrase.endsWith("*");
    List<String> terms = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    // Analysed like page text (unigrams stacked under bigrams), so that positions agree with the
    // page even where Chinese is followed by Latin (联系QQ); then only the bigrams are kept, plus
    // the characters no bigram covers (the 禁 of 18禁).
    List<String> all = new ArrayList<>();
    List<Integer> allPositions = new ArrayList<>();
    List<Boolean> single = new ArrayList<>();
    Set<Integer> covered = new HashSet<>();
    try (TokenStream ts =
        analyzer.tokenStream(
            TextAnalysis.FIELD, prefix ? phrase.substring(0, phrase.length() - 1) : phrase)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      TypeAttribute type = ts.addAttribute(TypeAttribute.class);
      ts.reset();
      int position = -1;
      while (ts.incrementToken()) {
        position += inc.getPositionIncrement();
        all.add(term.toString());
        allPositions.add(position);
        boolean isSingle = CJKBigramFilter.SINGLE_TYPE.equals(type.type());
        single.add(isSingle);
        if (CJKBigramFilter.DOUBLE_TYPE.equals(type.type())) {
          covered.add(position);
          covered.add(position + 1);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string cannot fail", e);
    }
    for (int i = 0; i < all.size(); i++) {
      if (!single.get(i) || !covered.contains(allPositions.get(i))) {
        terms.add(all.get(i));
        positions.add(allPositions.get(i));
      }
    }
    if (terms.isEmpty()) {
      throw Lexicon.bad(origin, "phrase '" + phrase + "' has no searchable words");
    }
    if (prefix) {
      String stem = terms.get(0);
      if (terms.size() != 1
          || stem.length() < MIN_PREFIX
          || !stem.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        throw Lexicon.bad(
            origin,
            "prefix '"
                + phrase
                + "' must be one Latin word of at least "
                + MIN_PREFIX
                + " letters followed by '*'");
      }
      return new Part(
          new PrefixQuery(new Term(TextAnalysis.FIELD, stem)),
          List.of(new BytesRef(stem)),
          true,
          false);
    }
    List<BytesRef> bytes = terms.stream().map(BytesRef::new).toList();
    if (terms.size() == 1) {
      String only = terms.get(0);
      int chars = only.codePointCount(0, only.length());
      if (chars == 1 && Character.isIdeographic(only.codePointAt(0))) {
        throw Lexicon.bad(
            origin,
            "phrase '"
                + phrase
                + "' is a single Chinese character and would match inside any word");
      }
      boolean bigram = chars == 2 && only.codePoints().allMatch(Character::isIdeographic);
      return new Part(new TermQuery(new Term(TextAnalysis.FIELD, only)), bytes, false, bigram);
    }
    PhraseQuery.Builder builder = new PhraseQuery.Builder();
    for (int i = 0; i < terms.size(); i++) {
      builder.add(new Term(TextAnalysis.FIELD, terms.get(i)), positions.get(i));
    }
    return new Part(builder.build(), bytes, false, false);
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
      Terms terms = leaf.reader().terms(TextAnalysis.FIELD);
      if (terms == null) {
        return;
      }
      TermsEnum dictionary = terms.iterator();
      // the page's few distinct kept terms, for a hash lookup per rule term instead of a seek
      Set<BytesRef> present = new HashSet<>();
      TermsEnum all = terms.iterator();
      for (BytesRef t = all.next(); t != null; t = all.next()) {
        present.add(BytesRef.deepCopyOf(t));
      }
      for (CompiledRule compiled : rules) {
        if (!allTermsPresent(dictionary, present, compiled)) {
          continue;
        }
        RawHit hit =
            compiled.rule().within() > 0
                ? near(searcher, leaf, compiled, text)
                : together(searcher, leaf, compiled, text);
        if (hit != null) {
          hits.add(hit);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("searching an in-memory index failed", e);
    }
  }

  private static boolean allTermsPresent(
      TermsEnum dictionary, Set<BytesRef> present, CompiledRule compiled) throws IOException {
    for (Part part : compiled.parts()) {
      for (BytesRef term : part.terms()) {
        if (part.prefix()) {
          if (dictionary.seekCeil(term) == TermsEnum.SeekStatus.END
              || !StringHelper.startsWith(dictionary.term(), term)) {
            return false;
          }
        } else if (!present.contains(term)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every part somewhere on the page; the count is that of the rarest part. */
  private RawHit together(
      IndexSearcher searcher, LeafReaderContext leaf, CompiledRule compiled, String text)
      throws IOException {
    int count = Integer.MAX_VALUE;
    List<String> snippets = new ArrayList<>();
    for (Part part : compiled.parts()) {
      List<Occurrence> found = find(searcher, leaf, part, text, MAX_COUNTED);
      if (found.isEmpty()) {
        return null;
      }
      count = Math.min(count, found.size());
      Occurrence first = found.get(0);
      snippets.add(TextAnalysis.snippet(text, first.start(), first.end(), SNIPPET_CONTEXT));
    }
    return hit(compiled.rule(), count, String.join(" | ", snippets));
  }

  /**
   * Every part within {@code within} token positions of the first part; the count is how many
   * matches of the first part have all the others that close.
   */
  private RawHit near(
      IndexSearcher searcher, LeafReaderContext leaf, CompiledRule compiled, String text)
      throws IOException {
    List<List<Occurrence>> found = new ArrayList<>();
    for (Part part : compiled.parts()) {
      List<Occurrence> occurrences = find(searcher, leaf, part, text, MAX_NEAR);
      if (occurrences.isEmpty()) {
        return null;
      }
      found.add(occurrences);
    }
    int within = compiled.rule().within();
    int count = 0;
    int snippetStart = -1;
    int snippetEnd = -1;
    for (Occurrence anchor : found.get(0)) {
      int start = anchor.start();
      int end = anchor.end();
      boolean all = true;
      for (int p = 1; p < found.size() && all; p++) {
        Occurrence close = closest(anchor, found.get(p), within);
        if (close == null) {
          all = false;
        } else {
          start = Math.min(start, close.start());
          end = Math.max(end, close.end());
        }
      }
      if (all) {
        if (count == 0) {
          snippetStart = start;
          snippetEnd = end;
        }
        if (++count >= MAX_COUNTED) {
          break;
        }
      }
    }
    if (count == 0) {
      return null;
    }
    return hit(
        compiled.rule(),
        count,
        TextAnalysis.snippet(text, snippetStart, snippetEnd, SNIPPET_CONTEXT));
  }

  private static Occurrence closest(Occurrence anchor, List<Occurrence> others, int within) {
    for (Occurrence o : others) {
      int gap = Math.max(anchor.startPos(), o.startPos()) - Math.min(anchor.endPos(), o.endPos());
      boolean overlap = o.startPos() <= anchor.endPos() && anchor.startPos() <= o.endPos();
      if (overlap || gap <= within) {
        return o;
      }
    }
    return null;
  }

  private static RawHit hit(LexiconRule rule, int count, String snippet) {
    return new RawHit(rule.id(), rule.category(), rule.weight(), count, snippet);
  }

  private List<Occurrence> find(
      IndexSearcher searcher, LeafReaderContext leaf, Part part, String text, int max)
      throws IOException {
    Weight weight =
        searcher.createWeight(searcher.rewrite(part.query()), ScoreMode.COMPLETE_NO_SCORES, 1f);
    Matches matches = weight.matches(leaf, 0);
    if (matches == null) {
      return List.of();
    }
    MatchesIterator it = matches.getMatches(TextAnalysis.FIELD);
    if (it == null) {
      return List.of();
    }
    List<Occurrence> found = new ArrayList<>();
    while (found.size() < max && it.next()) {
      int start = it.startOffset();
      int end = it.endOffset();
      if (part.wordCheck() && !words.standsAlone(text, start, end)) {
        continue;
      }
      found.add(new Occurrence(it.startPosition(), it.endPosition(), start, end));
    }
    return found;
  }
}
