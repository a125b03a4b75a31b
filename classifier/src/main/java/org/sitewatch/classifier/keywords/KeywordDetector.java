package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.sitewatch.classifier.page.Category;
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

  /**
   * Occurrences looked at per part of a rule (and anchors of a proximity rule): discounted matches
   * do not stop the scan before this, so a page cannot hide its offered matches behind many
   * discounted ones placed first.
   */
  private static final int MAX_NEAR = 1_000;

  /** A prefix must be at least this long, or it would match too much ({@code se*}). */
  static final int MIN_PREFIX = 3;

  private final Analyzer pageAnalyzer;
  private final WordBoundaryCheck words;
  private final List<CompiledRule> rules;
  private final List<CompiledCue> cues;

  /**
   * Each term of a rule or cue once; the parts hold these very instances, so that a page's terms,
   * looked up here once each, make an identity set that a rule's terms are checked against without
   * hashing their bytes again.
   */
  private final Map<BytesRef, BytesRef> canonical;

  /**
   * One index per thread, emptied after each text: its term hash and field structures are reused
   * instead of built anew for every page (the public constructor keeps no byte blocks for reuse, so
   * the saving is small). A detection runs to its end before the next one on the thread starts
   * (nothing it calls detects again), so one index per thread is enough.
   */
  private final ThreadLocal<MemoryIndex> indexes =
      ThreadLocal.withInitial(() -> new MemoryIndex(true, false));

  /**
   * One phrase of a rule.
   *
   * @param terms every term the phrase needs on the page (the prefix for a prefix query)
   * @param prefix whether {@code terms} holds a single prefix
   * @param wordCheck a two-character Chinese phrase, checked against word boundaries
   */
  private record Part(Query query, List<BytesRef> terms, boolean prefix, boolean wordCheck) {}

  private record CompiledRule(LexiconRule rule, List<Part> parts) {}

  /** A context cue, compiled like a rule's phrase. */
  private record CompiledCue(MatchContext.Cue cue, Part part) {}

  public KeywordDetector(Lexicon lexicon) {
    this.words = new WordBoundaryCheck();
    List<CompiledRule> compiled = new ArrayList<>();
    Map<BytesRef, BytesRef> terms = new java.util.HashMap<>();
    Set<String> keep = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    try (Analyzer phraseAnalyzer = TextAnalysis.forPages()) {
      for (LexiconRule rule : lexicon.rules()) {
        CompiledRule c = canonical(compile(phraseAnalyzer, rule), terms);
        compiled.add(c);
        for (Part part : c.parts()) {
          for (BytesRef term : part.terms()) {
            (part.prefix() ? prefixes : keep).add(term.utf8ToString());
          }
        }
      }
    }
    this.rules = List.copyOf(compiled);
    List<CompiledCue> cues = new ArrayList<>();
    try (Analyzer phraseAnalyzer = TextAnalysis.forPages()) {
      for (MatchContext.Cue cue : MatchContext.builtIn()) {
        Part part = canonical(compile(phraseAnalyzer, cue.origin(), cue.phrase()), terms);
        // a cue is read next to a match, not as a word of its own: no word-boundary check
        cues.add(new CompiledCue(cue, new Part(part.query(), part.terms(), part.prefix(), false)));
        for (BytesRef term : part.terms()) {
          (part.prefix() ? prefixes : keep).add(term.utf8ToString());
        }
      }
    }
    this.cues = List.copyOf(cues);
    this.canonical = terms;
    this.pageAnalyzer = TextAnalysis.forMatching(keep, prefixes);
  }

  private static CompiledRule canonical(CompiledRule rule, Map<BytesRef, BytesRef> terms) {
    return new CompiledRule(
        rule.rule(), rule.parts().stream().map(p -> canonical(p, terms)).toList());
  }

  private static Part canonical(Part part, Map<BytesRef, BytesRef> terms) {
    List<BytesRef> same = part.terms().stream().map(t -> terms.computeIfAbsent(t, k -> k)).toList();
    return new Part(part.query(), same, part.prefix(), part.wordCheck());
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
    MemoryIndex index = indexes.get();
    index.reset();
    // the page's normalised text, shared with the conduct patterns: one normalisation per page
    index.addField(
        TextAnalysis.FIELD,
        pageAnalyzer.tokenStream(TextAnalysis.FIELD, page.normalized().reader()),
        pageAnalyzer.getPositionIncrementGap(TextAnalysis.FIELD),
        pageAnalyzer.getOffsetGap(TextAnalysis.FIELD));
    IndexSearcher searcher = index.createSearcher();
    LeafReaderContext leaf = searcher.getIndexReader().leaves().get(0);
    try {
      Terms terms = leaf.reader().terms(TextAnalysis.FIELD);
      if (terms == null) {
        return;
      }
      TermsEnum dictionary = terms.iterator();
      // the page's few distinct kept terms, for a hash lookup per rule term instead of a seek
      Set<BytesRef> present =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      TermsEnum all = terms.iterator();
      for (BytesRef t = all.next(); t != null; t = all.next()) {
        BytesRef same = canonical.get(t);
        if (same != null) {
          present.add(same);
        }
      }
      Page matching = new Page(searcher, leaf, text, dictionary, present);
      for (CompiledRule compiled : rules) {
        if (!allTermsPresent(dictionary, present, compiled.parts())) {
          continue;
        }
        if (compiled.rule().within() > 0) {
          near(matching, compiled, hits);
        } else {
          together(matching, compiled, hits);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("searching an in-memory index failed", e);
    } finally {
      index.reset(); // an idle thread keeps no page's terms
    }
  }

  private static boolean allTermsPresent(
      TermsEnum dictionary, Set<BytesRef> present, List<Part> parts) throws IOException {
    for (Part part : parts) {
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

  /**
   * One page being matched: its index, its text and, once a rule that can be discounted matched,
   * the context cues found on it.
   */
  private final class Page {
    final IndexSearcher searcher;
    final LeafReaderContext leaf;
    final String text;
    private final TermsEnum dictionary;
    private final Set<BytesRef> present;
    private MatchContext.OnPage context;

    Page(
        IndexSearcher searcher,
        LeafReaderContext leaf,
        String text,
        TermsEnum dictionary,
        Set<BytesRef> present) {
      this.searcher = searcher;
      this.leaf = leaf;
      this.text = text;
      this.dictionary = dictionary;
      this.present = present;
    }

    List<Occurrence> find(Part part, int max) throws IOException {
      return KeywordDetector.this.find(searcher, leaf, part, text, max);
    }

    /** The cues of this page, found on first use. */
    MatchContext.OnPage context() throws IOException {
      if (context == null) {
        List<MatchContext.Found> found = new ArrayList<>();
        // each role has its own budget: block cues stuffed on a page cannot starve the offer and
        // cancel cues that keep a match counted
        Map<MatchContext.Role, Integer> perRole = new EnumMap<>(MatchContext.Role.class);
        for (CompiledCue cue : cues) {
          int used = perRole.getOrDefault(cue.cue().role(), 0);
          if (used >= MatchContext.MAX_CUES_PER_ROLE
              || !allTermsPresent(dictionary, present, List.of(cue.part()))) {
            continue;
          }
          List<Occurrence> at =
              find(cue.part(), Math.min(MAX_NEAR, MatchContext.MAX_CUES_PER_ROLE - used));
          for (Occurrence o : at) {
            found.add(new MatchContext.Found(cue.cue(), o));
          }
          perRole.put(cue.cue().role(), used + at.size());
        }
        context = new MatchContext.OnPage(text, found);
      }
      return context;
    }

    /** Why {@code match} of {@code rule} does not count, or empty when it counts. */
    Optional<String> discount(LexiconRule rule, Occurrence match) throws IOException {
      if (!MatchContext.discountable(rule.category())) {
        return Optional.empty();
      }
      return context().reason(match);
    }
  }

  /**
   * Every part somewhere on the page; the count is that of the rarest part. Matches that are the
   * object of a context cue count apart, as a discounted hit.
   */
  private void together(Page page, CompiledRule compiled, List<RawHit> hits) throws IOException {
    int counted = Integer.MAX_VALUE;
    int all = Integer.MAX_VALUE;
    List<String> snippets = new ArrayList<>();
    String discounted = null;
    for (Part part : compiled.parts()) {
      // up to MAX_NEAR occurrences, stopping only once MAX_COUNTED of them count: discounted
      // matches first in page order do not hide the offered ones after them
      List<Occurrence> found = page.find(part, MAX_NEAR);
      if (found.isEmpty()) {
        return;
      }
      Occurrence first = null;
      int kept = 0;
      int seen = 0;
      for (Occurrence o : found) {
        seen++;
        Optional<String> why = page.discount(compiled.rule(), o);
        if (why.isEmpty()) {
          kept++;
          if (first == null) {
            first = o;
          }
          if (kept >= MAX_COUNTED) {
            break;
          }
        } else if (discounted == null) {
          discounted = reasoned(why.get(), page.text, o.start(), o.end());
        }
      }
      counted = Math.min(counted, kept);
      all = Math.min(all, seen);
      if (first != null) {
        snippets.add(TextAnalysis.snippet(page.text, first.start(), first.end(), SNIPPET_CONTEXT));
      }
    }
    add(
        compiled.rule(),
        counted,
        String.join(" | ", snippets),
        Math.min(MAX_COUNTED, Math.max(0, all - counted)),
        discounted,
        hits);
  }

  /**
   * Every part within {@code within} token positions of the first part; the count is how many
   * matches of the first part have all the others that close.
   */
  private void near(Page page, CompiledRule compiled, List<RawHit> hits) throws IOException {
    List<List<Occurrence>> found = new ArrayList<>();
    for (Part part : compiled.parts()) {
      List<Occurrence> occurrences = page.find(part, MAX_NEAR);
      if (occurrences.isEmpty()) {
        return;
      }
      found.add(occurrences);
    }
    int within = compiled.rule().within();
    int count = 0;
    int discountedCount = 0;
    String snippet = null;
    String discounted = null;
    for (Occurrence anchor : found.get(0)) {
      int start = anchor.start();
      int end = anchor.end();
      int startPos = anchor.startPos();
      int endPos = anchor.endPos();
      boolean all = true;
      for (int p = 1; p < found.size() && all; p++) {
        Occurrence close = closest(anchor, found.get(p), within);
        if (close == null) {
          all = false;
        } else {
          start = Math.min(start, close.start());
          end = Math.max(end, close.end());
          startPos = Math.min(startPos, close.startPos());
          endPos = Math.max(endPos, close.endPos());
        }
      }
      if (!all) {
        continue;
      }
      Optional<String> why =
          page.discount(compiled.rule(), new Occurrence(startPos, endPos, start, end));
      if (why.isPresent()) {
        if (discounted == null) {
          discounted = reasoned(why.get(), page.text, start, end);
        }
        discountedCount++;
      } else if (count++ == 0) {
        snippet = TextAnalysis.snippet(page.text, start, end, SNIPPET_CONTEXT);
      }
      // only counted matches stop the scan; the anchors are at most MAX_NEAR anyway
      if (count >= MAX_COUNTED) {
        break;
      }
    }
    add(compiled.rule(), count, snippet, Math.min(MAX_COUNTED, discountedCount), discounted, hits);
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

  /** The prefix of a discounted signal's id: {@code ctx.kw.zh.seqing}. */
  public static final String DISCOUNTED_PREFIX = "ctx.";

  /**
   * The rule's hit for the matches that count and, apart, a weightless {@link Category#DISCOUNTED}
   * hit for those read as the object of a cue.
   */
  private static void add(
      LexiconRule rule,
      int count,
      String snippet,
      int discountedCount,
      String discountedSnippet,
      List<RawHit> hits) {
    if (count > 0) {
      hits.add(new RawHit(rule.id(), rule.category(), rule.weight(), count, snippet));
    }
    if (discountedCount > 0) {
      hits.add(
          new RawHit(
              DISCOUNTED_PREFIX + rule.id(),
              Category.DISCOUNTED,
              0,
              discountedCount,
              discountedSnippet));
    }
  }

  /** {@code kw.zh.seqing}'s discounted snippet: the reason, then the match in context. */
  private static String reasoned(String reason, String text, int start, int end) {
    return reason + ": " + TextAnalysis.snippet(text, start, end, SNIPPET_CONTEXT);
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
