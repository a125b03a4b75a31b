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
import org.apache.lucene.util.BytesRef;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;

/**
 * Lexicon keywords: the page's visible text goes through the Lucene analysis chain of {@link
 * TextAnalysis}, the tokens a rule or cue can match are kept with their positions and offsets in
 * the original text ({@link PageTerms}), and every rule's phrase is matched on those as a Lucene
 * term, phrase or prefix query matches an index of the page (it did so through a {@code
 * MemoryIndex} until issue 15; the matches, their order and offsets are the same).
 *
 * <p>A rule is only searched when every term it needs is on the page (an array read per term), so
 * the cost grows with the rules a page could match, not with the size of the lexicon. A
 * two-character Chinese phrase is checked against word boundaries ({@link WordBoundaryCheck}) match
 * by match. Phrases are whole words for Latin script (the tokenizer splits words); {@code word*}
 * asks for a prefix instead.
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

  /** The page side of the analysis, one per thread, keeping the tokens a rule or cue can match. */
  private final ThreadLocal<MatchingTokens> tokens;

  private final WordBoundaryCheck words;
  private final List<CompiledRule> rules;
  private final List<CompiledCue> cues;

  /** Every term of a rule or cue once, by id; and every prefix once, by id. */
  private final String[] termsById;

  private final String[] prefixesById;

  /**
   * One page's terms per thread, emptied after each text. A detection runs to its end before the
   * next one on the thread starts (nothing it calls detects again), so one per thread is enough.
   */
  private final ThreadLocal<PageTerms> pageTerms;

  /**
   * One phrase of a rule.
   *
   * @param terms every term the phrase needs on the page (the prefix for a prefix part), in the
   *     order a Lucene phrase query sorts them: by position in the phrase, then by their UTF-8
   *     bytes
   * @param positions each term's position in the phrase
   * @param prefix whether {@code terms} holds a single prefix
   * @param wordCheck a two-character Chinese phrase, checked against word boundaries
   * @param ids the terms' ids ({@link #termsById}), or the prefix's ({@link #prefixesById})
   */
  private record Part(
      List<String> terms, int[] positions, boolean prefix, boolean wordCheck, int[] ids) {}

  private record CompiledRule(LexiconRule rule, List<Part> parts) {}

  /** A context cue, compiled like a rule's phrase. */
  private record CompiledCue(MatchContext.Cue cue, Part part) {}

  public KeywordDetector(Lexicon lexicon) {
    this.words = new WordBoundaryCheck();
    List<CompiledRule> compiled = new ArrayList<>();
    Map<String, Integer> termIds = new java.util.LinkedHashMap<>();
    Map<String, Integer> prefixIds = new java.util.LinkedHashMap<>();
    Set<String> keep = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    try (Analyzer phraseAnalyzer = TextAnalysis.forPages()) {
      for (LexiconRule rule : lexicon.rules()) {
        CompiledRule c = bind(compile(phraseAnalyzer, rule), termIds, prefixIds);
        compiled.add(c);
        for (Part part : c.parts()) {
          for (String term : part.terms()) {
            (part.prefix() ? prefixes : keep).add(term);
          }
        }
      }
    }
    this.rules = List.copyOf(compiled);
    List<CompiledCue> cues = new ArrayList<>();
    try (Analyzer phraseAnalyzer = TextAnalysis.forPages()) {
      for (MatchContext.Cue cue : MatchContext.builtIn()) {
        Part part = bind(compile(phraseAnalyzer, cue.origin(), cue.phrase()), termIds, prefixIds);
        // a cue is read next to a match, not as a word of its own: no word-boundary check
        cues.add(
            new CompiledCue(
                cue, new Part(part.terms(), part.positions(), part.prefix(), false, part.ids())));
        for (String term : part.terms()) {
          (part.prefix() ? prefixes : keep).add(term);
        }
      }
    }
    this.cues = List.copyOf(cues);
    this.termsById = termIds.keySet().toArray(String[]::new);
    this.prefixesById = prefixIds.keySet().toArray(String[]::new);
    this.pageTerms = ThreadLocal.withInitial(() -> new PageTerms(termsById, prefixesById));
    // the kept terms are the rules' and cues' terms: a kept token's index is its term's id
    if (!keep.equals(Set.of(termsById))) {
      throw new IllegalStateException("kept terms differ from the terms matched");
    }
    List<String> keptPrefixes = List.copyOf(prefixes);
    this.tokens = ThreadLocal.withInitial(() -> new MatchingTokens(termsById, keptPrefixes));
  }

  private static CompiledRule bind(
      CompiledRule rule, Map<String, Integer> termIds, Map<String, Integer> prefixIds) {
    return new CompiledRule(
        rule.rule(), rule.parts().stream().map(p -> bind(p, termIds, prefixIds)).toList());
  }

  /** {@code part} with the ids of its terms, given out in order of first use. */
  private static Part bind(
      Part part, Map<String, Integer> termIds, Map<String, Integer> prefixIds) {
    Map<String, Integer> ids = part.prefix() ? prefixIds : termIds;
    int[] bound = new int[part.terms().size()];
    for (int i = 0; i < bound.length; i++) {
      bound[i] = ids.computeIfAbsent(part.terms().get(i), k -> ids.size());
    }
    return new Part(part.terms(), part.positions(), part.prefix(), part.wordCheck(), bound);
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
      return new Part(List.of(stem), new int[] {0}, true, false, null);
    }
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
      return new Part(List.of(only), new int[] {0}, false, bigram, null);
    }
    // a phrase query's matcher takes its terms by position in the phrase, then by their bytes
    Integer[] order = new Integer[terms.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) ->
            positions.get(a).intValue() != positions.get(b).intValue()
                ? Integer.compare(positions.get(a), positions.get(b))
                : new BytesRef(terms.get(a)).compareTo(new BytesRef(terms.get(b))));
    List<String> sorted = new ArrayList<>();
    int[] at = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      sorted.add(terms.get(order[i]));
      at[i] = positions.get(order[i]);
    }
    return new Part(List.copyOf(sorted), at, false, false, null);
  }

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    String text = page.text();
    if (text.isBlank()) {
      return;
    }
    PageTerms terms = pageTerms.get();
    try {
      // the page's normalised text, shared with the conduct patterns: one normalisation per page
      tokens.get().read(page.normalized().reader(), terms::add);
      if (terms.isEmpty()) {
        return;
      }
      Page matching = new Page(terms, text);
      for (CompiledRule compiled : rules) {
        if (!allTermsPresent(terms, compiled.parts())) {
          continue;
        }
        if (compiled.rule().within() > 0) {
          near(matching, compiled, hits);
        } else {
          together(matching, compiled, hits);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string cannot fail", e);
    } finally {
      terms.clear(); // an idle thread keeps no page's terms
    }
  }

  private static boolean allTermsPresent(PageTerms terms, List<Part> parts) {
    for (Part part : parts) {
      for (int id : part.ids()) {
        if (!(part.prefix() ? terms.hasPrefix(id) : terms.has(id))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * One page being matched: its kept terms, its text and, once a rule that can be discounted
   * matched, the context cues found on it.
   */
  private final class Page {
    final PageTerms terms;
    final String text;
    private MatchContext.OnPage context;

    Page(PageTerms terms, String text) {
      this.terms = terms;
      this.text = text;
    }

    List<Occurrence> find(Part part, int max) {
      return KeywordDetector.this.find(terms, part, text, max);
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
              || !allTermsPresent(terms, List.of(cue.part()))) {
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

  /**
   * One phrase of a rule or cue and its matches on a text, for tests that check the matching
   * against Lucene's queries: the terms in the order a phrase query takes them, their positions in
   * the phrase, whether it is a prefix, whether matches were checked against word boundaries.
   */
  record PartMatches(
      List<String> terms,
      int[] positions,
      boolean prefix,
      boolean wordCheck,
      List<Occurrence> matches) {}

  /** Every rule's phrases, then every cue's, with their matches on {@code text} (see above). */
  List<PartMatches> partMatches(String text) throws IOException {
    PageTerms terms = pageTerms.get();
    try {
      tokens.get().read(NormalizedText.of(text).reader(), terms::add);
      List<Part> parts = new ArrayList<>();
      rules.forEach(r -> parts.addAll(r.parts()));
      cues.forEach(c -> parts.add(c.part()));
      List<PartMatches> all = new ArrayList<>();
      for (Part part : parts) {
        all.add(
            new PartMatches(
                part.terms(),
                part.positions(),
                part.prefix(),
                part.wordCheck(),
                find(terms, part, text, MAX_NEAR)));
      }
      return all;
    } finally {
      terms.clear();
    }
  }

  /**
   * The first {@code max} matches of {@code part} (those passing the word-boundary check), in the
   * order a Lucene query's match iterator gives them.
   */
  private List<Occurrence> find(PageTerms terms, Part part, String text, int max) {
    List<Occurrence> found = new ArrayList<>();
    if (part.prefix()) {
      for (int t : terms.withPrefix(part.ids()[0], max)) {
        int pos = terms.position(t);
        found.add(new Occurrence(pos, pos, terms.start(t), terms.end(t)));
      }
      return found;
    }
    int[] ids = part.ids();
    int n = ids.length;
    if (n == 1) {
      for (int t = terms.firstOf(ids[0]); t >= 0 && found.size() < max; t = terms.nextOf(t)) {
        int start = terms.start(t);
        int end = terms.end(t);
        if (part.wordCheck() && !words.standsAlone(text, start, end)) {
          continue;
        }
        int pos = terms.position(t);
        found.add(new Occurrence(pos, pos, start, end));
      }
      return found;
    }
    // an exact phrase: each occurrence of the first term with every other term at its distance;
    // the others' cursors only move forward, as the first term's positions grow
    int[] at = new int[n];
    for (int j = 0; j < n; j++) {
      at[j] = terms.firstOf(ids[j]);
      if (at[j] < 0) {
        return found;
      }
    }
    int[] offsets = part.positions();
    lead:
    for (int lead = at[0]; lead >= 0 && found.size() < max; lead = terms.nextOf(lead)) {
      int phrase = terms.position(lead) - offsets[0];
      for (int j = 1; j < n; j++) {
        int expected = phrase + offsets[j];
        while (terms.position(at[j]) < expected) {
          at[j] = terms.nextOf(at[j]);
          if (at[j] < 0) {
            break lead;
          }
        }
        if (terms.position(at[j]) != expected) {
          continue lead;
        }
      }
      int last = at[n - 1];
      found.add(
          new Occurrence(
              terms.position(lead), terms.position(last), terms.start(lead), terms.end(last)));
    }
    return found;
  }
}
