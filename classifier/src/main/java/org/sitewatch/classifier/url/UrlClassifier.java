package org.sitewatch.classifier.url;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.lists.KnownSites;
import org.sitewatch.classifier.page.Scoring;
import org.sitewatch.events.SignalHit;

/**
 * Scores a URL or a bare domain from its tokens, without fetching anything: host labels and path
 * are cut at punctuation and at letter/digit boundaries, glued words are segmented against the rule
 * vocabulary ({@code freeporntube} -> {@code free|porn|tube}), and the rules of {@code
 * lexicons/url.txt} (English adult words, Chinese pinyin and number patterns, TLD priors, negative
 * context; format in the file's header) add up in a logistic model like the page model: {@code
 * score = 1 / (1 + e^-(BIAS + sum))}. Meant as a prior and for ranking links before they are
 * fetched, not as evidence on its own. Built once, immutable and thread-safe.
 */
public final class UrlClassifier {
  /**
   * An address with no signal scores logistic(-2.5) ≈ 0.076; one token of weight 2.5 (gay, tube,
   * mature) reaches 0.5 on its own, weaker ones (sexy, cam, girls) need company.
   */
  static final double BIAS = -2.5;

  /** All negative signals together take away at most this much. */
  static final double NEGATIVE_CAP = -3.0;

  /**
   * What a host held by a known-site list adds ({@code url.list:<name>}, shared by the lists that
   * hold it): on its own it lifts an address from the bias to logistic(0.5) ≈ 0.62. Added after the
   * learned model, which never sees the lists: the model stands on its own.
   */
  static final double LIST_WEIGHT = 3.0;

  /** A listed address scores at least logistic(0.5) ≈ 0.62, flagged at the default threshold. */
  static final double LISTED_LOGIT = 0.5;

  private final KnownSites knownSites;

  private final double threshold;
  private final UrlLexicon lexicon;
  private final List<UrlRule> signalRules;
  private final UrlTokens.Dictionary dictionary;
  private final UrlModel model;

  private UrlClassifier(
      double threshold, UrlLexicon lexicon, UrlModel model, KnownSites knownSites) {
    this.knownSites = knownSites;
    this.threshold = threshold;
    this.lexicon = lexicon;
    this.model = model;
    Set<String> words = new HashSet<>();
    Set<String> neutral = new HashSet<>();
    List<UrlRule> signals = new ArrayList<>();
    for (UrlRule rule : lexicon.rules()) {
      for (UrlRule.Part part : rule.parts()) {
        if (part.segmenterWord()) {
          words.add(part.text());
        }
      }
      if (rule.neutral()) {
        neutral.add(rule.parts().get(0).text());
      } else {
        signals.add(rule);
      }
    }
    this.signalRules = List.copyOf(signals);
    this.dictionary = UrlTokens.Dictionary.of(words, neutral);
  }

  /**
   * The built-in URL rules, the learned URL model ({@code settings.urlModelFile()}, else the
   * built-in {@code models/url-model.txt}) and the known-site lists of {@code settings.listsDir()},
   * flagging at {@code settings.pageThreshold()}.
   *
   * @throws IllegalArgumentException if the model file is missing, oversized or malformed
   */
  public static UrlClassifier load(ClassifierSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return load(settings, KnownSites.load(settings.listsDir()));
  }

  /**
   * The built-in URL rules, the learned URL model and {@code knownSites} (the lists already loaded
   * for this process, the same instance the page classifier uses), flagging at {@code
   * settings.pageThreshold()}.
   */
  public static UrlClassifier load(ClassifierSettings settings, KnownSites knownSites) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(knownSites, "knownSites");
    UrlModel model = settings.urlModelFile().map(UrlModel::read).orElseGet(UrlModel::builtIn);
    return new UrlClassifier(settings.pageThreshold(), UrlLexicon.builtIn(), model, knownSites);
  }

  /** The built-in URL rules alone, without the learned model (what the model is trained over). */
  static UrlClassifier rulesOnly(ClassifierSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return new UrlClassifier(settings.pageThreshold(), UrlLexicon.builtIn(), null, KnownSites.NONE);
  }

  /** The same rules with another model (null: rules only). */
  UrlClassifier withModel(UrlModel other) {
    return new UrlClassifier(threshold, lexicon, other, knownSites);
  }

  /** Identifies the learned URL model in force, e.g. {@code url-model-3fa2c0d19b7e}. */
  public Optional<String> modelVersion() {
    return Optional.ofNullable(model).map(UrlModel::version);
  }

  /** Identifies the URL rules in force, e.g. {@code url-builtin-3fa2c0d19b7e}. */
  public String lexiconVersion() {
    return lexicon.version();
  }

  /**
   * Scores {@code item}: an absolute URL ({@code https://host/path}) or a bare domain, possibly
   * with a path. Anything else is scored too (usually near the bias); only {@code null} is an
   * error.
   */
  public UrlScore classify(String item) {
    Objects.requireNonNull(item, "item");
    UrlTokens tokens = UrlTokens.parse(item, dictionary);
    List<SignalHit> hits = ruleHits(item, tokens);
    double logit = BIAS;
    for (SignalHit h : hits) {
      logit += h.weight();
    }
    if (model != null) {
      // The model sees the rules as features; its signal carries what it adds to their sum, so
      // the score stays the logistic of BIAS plus the reported weights.
      UrlModel.Result m = model.score(tokens, ruleIds(hits), logit - BIAS);
      double correction = Math.round((m.logit() - logit) * 10_000) / 10_000.0;
      hits.add(new SignalHit(MODEL_SIGNAL, UrlRule.PRIOR, correction, 1, explain(m), item));
      logit += correction;
    }
    // at least LIST_WEIGHT, and enough that a listed address ends at logit LISTED_LOGIT or above:
    // the learned model may lean against an unremarkable name the list names as adult
    double listWeight = Math.max(LIST_WEIGHT, LISTED_LOGIT - logit);
    for (SignalHit listed : knownSites.signals(item, listWeight)) {
      logit += listed.weight();
      hits.add(listed);
    }
    hits.sort(
        Comparator.comparingDouble(SignalHit::weight).reversed().thenComparing(SignalHit::id));
    double score = Math.min(1.0, Math.max(0.0, Scoring.logistic(logit)));
    return new UrlScore(item, score, score >= threshold, hits);
  }

  /**
   * The score {@link #classify} gives {@code item}, bit for bit, without the explanation: no signal
   * records, model feature names or formatted text. For ranking many links (the crawler's link
   * scorer calls it for every admitted link).
   */
  public double score(String item) {
    Objects.requireNonNull(item, "item");
    UrlTokens tokens = UrlTokens.parse(item, dictionary);
    List<SignalHit> hits = ruleHits(item, tokens);
    // the same additions in the same order as classify, so the double comes out identical
    double logit = BIAS;
    for (SignalHit h : hits) {
      logit += h.weight();
    }
    if (model != null) {
      double modelLogit = model.logit(tokens, ruleIds(hits), logit - BIAS);
      double correction = Math.round((modelLogit - logit) * 10_000) / 10_000.0;
      logit += correction;
    }
    double listWeight = Math.max(LIST_WEIGHT, LISTED_LOGIT - logit);
    for (SignalHit listed : knownSites.signals(item, listWeight)) {
      logit += listed.weight();
    }
    return Math.min(1.0, Math.max(0.0, Scoring.logistic(logit)));
  }

  /** The id of the learned model's signal. */
  public static final String MODEL_SIGNAL = "url.model";

  private static List<String> ruleIds(List<SignalHit> hits) {
    List<String> ids = new ArrayList<>(hits.size());
    for (SignalHit h : hits) {
      ids.add(h.id());
    }
    return ids;
  }

  /** {@code rules +1.20; g:orn +0.84, t:xxx +0.61}: the model's rule part and top features. */
  private static String explain(UrlModel.Result m) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "rules %+.2f", m.rulePart()));
    String sep = "; ";
    for (UrlModel.Contribution c : m.top()) {
      b.append(sep).append(c.feature()).append(String.format(Locale.ROOT, " %+.2f", c.weight()));
      sep = ", ";
    }
    return b.toString();
  }

  /**
   * Sends the model features of {@code item} to {@code sink}, as scoring computes them with a model
   * whose word list is {@code words}.
   *
   * @return the registrable domain of {@code item} ({@code name.suffix}), else its host
   */
  String features(String item, UrlWords words, UrlFeatures.Sink sink) {
    UrlTokens tokens = UrlTokens.parse(item, dictionary);
    List<SignalHit> hits = ruleHits(item, tokens);
    double sum = 0;
    for (SignalHit h : hits) {
      sum += h.weight();
    }
    UrlFeatures.extract(tokens, ruleIds(hits), sum, words, sink);
    return tokens.name().isEmpty()
        ? tokens.host()
        : tokens.name() + "." + String.join(".", tokens.suffix());
  }

  /**
   * The registrable domain of {@code item} ({@code name.suffix}, else its host) and the letter runs
   * of its host labels and path, for counting the model's words.
   */
  String lettersOf(String item, java.util.function.Consumer<String> runs) {
    UrlTokens tokens = UrlTokens.parse(item, dictionary);
    for (UrlTokens.Chunk c : tokens.chunks()) {
      runs.accept(c.text());
    }
    return tokens.name().isEmpty()
        ? tokens.host()
        : tokens.name() + "." + String.join(".", tokens.suffix());
  }

  /** The rules that counted, with their contributions (rounded as reported). */
  private List<SignalHit> ruleHits(String item, UrlTokens tokens) {
    List<Found> found = new ArrayList<>();
    boolean explicit = false;
    List<UrlTokens.Chunk> hostChunks = hostChunks(tokens);
    for (UrlRule rule : signalRules) {
      Found f = match(rule, tokens, hostChunks, signalRules, dictionary);
      if (f != null) {
        found.add(f);
        explicit |= rule.explicit() && rule.weight() > 0;
      }
    }
    double positive = 0;
    double negative = 0;
    List<Found> counted = new ArrayList<>();
    for (Found f : found) {
      if (f.rule().minors() && !explicit) {
        continue;
      }
      double c = f.rule().weight() * Scoring.countFactor(f.count());
      if (c < 0) {
        negative += c;
      } else {
        positive += c;
      }
      counted.add(f);
    }
    double negativeScale = negative < NEGATIVE_CAP ? NEGATIVE_CAP / negative : 1.0;
    List<SignalHit> hits = new ArrayList<>();
    for (Found f : counted) {
      double c = f.rule().weight() * Scoring.countFactor(f.count());
      if (c < 0) {
        c *= negativeScale;
      }
      c = Math.round(c * 10_000) / 10_000.0;
      hits.add(new SignalHit(f.rule().id(), f.rule().category(), c, f.count(), f.snippet(), item));
    }
    return hits;
  }

  private record Found(UrlRule rule, int count, String snippet) {}

  /** The chunks of the host name, computed once per address rather than once per rule. */
  private static List<UrlTokens.Chunk> hostChunks(UrlTokens tokens) {
    List<UrlTokens.Chunk> host = new ArrayList<>(tokens.chunks().size());
    for (UrlTokens.Chunk chunk : tokens.chunks()) {
      if (chunk.host()) {
        host.add(chunk);
      }
    }
    return host;
  }

  private static Found match(
      UrlRule rule,
      UrlTokens tokens,
      List<UrlTokens.Chunk> hostChunks,
      List<UrlRule> all,
      UrlTokens.Dictionary dictionary) {
    int count = Integer.MAX_VALUE;
    List<String> snippets = new ArrayList<>();
    for (UrlRule.Part part : rule.parts()) {
      List<String> matched = new ArrayList<>();
      matchPart(part, tokens, hostChunks, dictionary, matched);
      if (part.chunkPattern()) {
        matched.removeIf(chunk -> shadowed(part, chunk, all));
      }
      if (matched.isEmpty()) {
        return null;
      }
      count = Math.min(count, matched.size());
      snippets.add(matched.get(0));
    }
    return new Found(rule, count, String.join(" + ", snippets));
  }

  /**
   * A chunk pattern whose text lies inside a longer chunk pattern that matches the same chunk does
   * not count twice: "erotic" is {@code *eroti*}, not also {@code ero*}.
   */
  private static boolean shadowed(UrlRule.Part part, String chunk, List<UrlRule> all) {
    for (UrlRule other : all) {
      for (UrlRule.Part p : other.parts()) {
        if (p != part
            && p.chunkPattern()
            && p.text().length() > part.text().length()
            && p.text().contains(part.text())
            && matchesChunk(p, chunk)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesChunk(UrlRule.Part part, String chunk) {
    return switch (part.kind()) {
      case SUBSTRING -> chunk.contains(part.text());
      case CHUNK_START -> chunk.startsWith(part.text());
      case CHUNK_END -> chunk.endsWith(part.text());
      default -> false;
    };
  }

  private static void matchPart(
      UrlRule.Part part,
      UrlTokens tokens,
      List<UrlTokens.Chunk> hostChunks,
      UrlTokens.Dictionary dictionary,
      List<String> out) {
    String text = part.text();
    List<UrlTokens.Chunk> chunks = part.hostOnly() ? hostChunks : tokens.chunks();
    switch (part.kind()) {
      case PUBLIC_SUFFIX -> {
        if (tokens.suffix().contains(text)) {
          out.add("." + String.join(".", tokens.suffix()));
        }
      }
      case FEATURE -> {
        if (text.equals("digit-host") && digitHeavy(tokens.name())) {
          out.add(tokens.name());
        }
      }
      case SUBSTRING -> {
        for (UrlTokens.Chunk chunk : chunks) {
          if (chunk.containsUnprotected(text, dictionary)) {
            out.add(chunk.text());
          }
        }
        // Across a hyphen only: a match inside one chunk was already judged above.
        if (out.isEmpty() && noneContains(chunks, text)) {
          for (String label : tokens.joinedLabels()) {
            if (label.contains(text)) {
              out.add(label);
            }
          }
        }
      }
      case CHUNK_START -> {
        for (UrlTokens.Chunk chunk : chunks) {
          if (chunk.text().startsWith(text)) {
            out.add(chunk.text());
          }
        }
      }
      case CHUNK_END -> {
        for (UrlTokens.Chunk chunk : chunks) {
          if (chunk.text().endsWith(text)) {
            out.add(chunk.text());
          }
        }
      }
      case CHUNK -> {
        for (UrlTokens.Chunk chunk : chunks) {
          if (chunk.text().equals(text)) {
            out.add(text);
          }
        }
      }
      case WORD -> {
        for (UrlTokens.Chunk chunk : chunks) {
          matchWord(text, chunk, out);
        }
      }
    }
  }

  private static boolean noneContains(List<UrlTokens.Chunk> chunks, String text) {
    for (UrlTokens.Chunk chunk : chunks) {
      if (chunk.text().contains(text)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A word counts as a whole chunk, or as a segment whose neighbours are chunk ends, known words or
   * unknown runs of 3+ characters before it / 2+ after it; a short word (1-2 characters) only in a
   * fully covered chunk.
   */
  private static void matchWord(String word, UrlTokens.Chunk chunk, List<String> out) {
    if (chunk.text().equals(word)) {
      out.add(word);
      return;
    }
    List<UrlTokens.Segment> segments = chunk.segments();
    if (segments.size() < 2) {
      return;
    }
    boolean isShort = word.length() <= 2;
    if (isShort && !chunk.covered()) {
      return;
    }
    for (int k = 0; k < segments.size(); k++) {
      UrlTokens.Segment s = segments.get(k);
      if (!s.known() || !s.text().equals(word)) {
        continue;
      }
      if (isShort || (solid(segments, k - 1, 3) && solid(segments, k + 1, 2))) {
        out.add(word);
      }
    }
  }

  /**
   * Whether a neighbour leaves the word standing: a chunk end, a known word, or an unknown run long
   * enough to be a word of its own. Short runs before a word are more often the start of an
   * ordinary word ("es|sex") than short runs after it ("tits|gf").
   */
  private static boolean solid(List<UrlTokens.Segment> segments, int k, int minUnknown) {
    if (k < 0 || k >= segments.size()) {
      return true;
    }
    UrlTokens.Segment s = segments.get(k);
    return s.known() || s.text().length() >= minUnknown;
  }

  /** At least 3 digits, and digits are at least 60% of the registrable name. */
  static boolean digitHeavy(String name) {
    int digits = 0;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= '0' && name.charAt(i) <= '9') {
        digits++;
      }
    }
    return digits >= 3 && digits * 10 >= name.length() * 6;
  }
}
