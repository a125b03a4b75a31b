package org.sitewatch.classifier.url;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.Scoring;

/**
 * Learns the URL model ({@code sitewatch train --urls}) from a TSV of labelled addresses: a
 * logistic regression over {@link UrlFeatures}, with the URL rules' sum as a fixed offset (the
 * weights learn what to add to the rules), L2 regularisation and class weights (each class weighs
 * half of the loss, whatever its share of rows), fitted by stochastic gradient descent with
 * per-feature AdaGrad step sizes in a seeded order, so the same data and options give the same
 * file; the weights kept are the average of those at the end of each epoch of the second half.
 * Reports k-fold cross-validated figures (folds by registrable domain, so that no site is on both
 * sides), picks the threshold on a separate validation TSV (the highest recall at the target
 * precision) and folds it into the bias, so that the configured threshold of 0.5 is that operating
 * point. Small weights are pruned to keep the file small; every figure is measured with the pruned
 * weights. The segmenter's word list ({@link UrlWords}) is counted once over all training rows,
 * from their addresses only (no labels), so the folds share it.
 */
public final class UrlModelTraining {
  /** An address longer than this is cut (as the scorer cuts it). */
  static final int MAX_ITEM = UrlTokens.MAX_INPUT;

  private UrlModelTraining() {}

  /**
   * Training options.
   *
   * @param bits feature space of {@code 2^bits} buckets
   * @param epochs passes over the data
   * @param l2 L2 penalty per update on the weights an example touches
   * @param learningRate AdaGrad base step
   * @param seed order of the examples
   * @param folds cross-validation folds (2 or more; 0 or 1: none)
   * @param minWeight weights below this magnitude are dropped from the file
   * @param maxWeights at most this many weights are kept (the largest)
   * @param targetPrecision the precision the threshold must reach on the validation set
   * @param minWordSites a letter run becomes a segmenter word if it occurs in this many registrable
   *     domains of the training data
   * @param maxWords at most this many words are kept (the most frequent); 0: no segmenter words
   * @param hardWeight benign rows that look adult to the rules, or name the kinds of shop the lists
   *     file apart from adult sites ({@link #HARD}), weigh this many times their share
   */
  public record Options(
      int bits,
      int epochs,
      double l2,
      double learningRate,
      long seed,
      int folds,
      double minWeight,
      int maxWeights,
      double targetPrecision,
      int minWordSites,
      int maxWords,
      double hardWeight) {
    public Options {
      if (minWordSites < 1 || maxWords < 0) {
        throw new IllegalArgumentException("minWordSites >= 1 and maxWords >= 0");
      }
      if (!(hardWeight >= 1 && hardWeight <= 100)) {
        throw new IllegalArgumentException("hardWeight must be in [1, 100]: " + hardWeight);
      }
      if (bits < UrlModel.MIN_BITS || bits > UrlModel.MAX_BITS) {
        throw new IllegalArgumentException(
            "bits must be in [" + UrlModel.MIN_BITS + ", " + UrlModel.MAX_BITS + "]: " + bits);
      }
      if (epochs < 1 || epochs > 1000) {
        throw new IllegalArgumentException("epochs must be in [1, 1000]: " + epochs);
      }
      if (!(l2 >= 0 && l2 < 1) || !(learningRate > 0 && learningRate <= 10)) {
        throw new IllegalArgumentException("l2 in [0, 1), learningRate in (0, 10]");
      }
      if (folds < 0 || folds > 20) {
        throw new IllegalArgumentException("folds must be in [0, 20]: " + folds);
      }
      if (!(minWeight >= 0) || maxWeights < 1) {
        throw new IllegalArgumentException("minWeight >= 0 and maxWeights >= 1");
      }
      if (!(targetPrecision > 0 && targetPrecision < 1)) {
        throw new IllegalArgumentException("targetPrecision must be in (0, 1)");
      }
    }

    /** The options the shipped model was trained with. */
    public static Options defaults() {
      return new Options(21, 12, 1e-2, 0.2, 18, 5, 0.003, 600_000, 0.99, 3, 30_000, 4);
    }

    public Options withFolds(int k) {
      return new Options(
          bits,
          epochs,
          l2,
          learningRate,
          seed,
          k,
          minWeight,
          maxWeights,
          targetPrecision,
          minWordSites,
          maxWords,
          hardWeight);
    }
  }

  /** One labelled address. */
  record Row(String item, boolean adult, String source) {}

  /** Rows of a TSV, and how many were left out ({@code borderline}). */
  record Data(String name, List<Row> rows, int skipped) {
    long positives() {
      return rows.stream().filter(Row::adult).count();
    }
  }

  /**
   * Precision, recall and F1 at a threshold, and the best recall at the target precision.
   *
   * @param threshold the probability threshold used (of the model before its bias shift)
   * @param recallAtTarget highest recall with precision >= the target, 0 if none
   * @param thresholdAtTarget the threshold reaching it (NaN if none)
   */
  public record Figures(
      int positives,
      int negatives,
      double precision,
      double recall,
      double f1,
      double threshold,
      double recallAtTarget,
      double thresholdAtTarget) {}

  /**
   * What training produced.
   *
   * @param model the model file's text
   * @param crossValidated pooled held-out figures over the folds, empty without folds
   * @param validation figures on the validation TSV, empty without one
   * @param weights weights kept in the file
   */
  public record Result(
      String model,
      Optional<Figures> crossValidated,
      Optional<Figures> validation,
      int rows,
      long positives,
      int skipped,
      int weights) {}

  /**
   * Trains on {@code train}; with {@code validation}, picks the threshold there.
   *
   * @throws UncheckedIOException if a file cannot be read
   * @throws IllegalArgumentException if a TSV lacks the {@code item} / {@code label} columns, holds
   *     a malformed or oversized line (naming {@code file:line}, {@link LabelledTsv}) or no row of
   *     one of the classes
   */
  public static Result train(
      Path train,
      Optional<Path> validation,
      ClassifierSettings settings,
      Options options,
      Clock clock) {
    Objects.requireNonNull(clock, "clock");
    UrlClassifier rules = UrlClassifier.rulesOnly(settings);
    Data data = read(train);
    long pos = data.positives();
    if (pos == 0 || pos == data.rows().size()) {
      throw new IllegalArgumentException(
          train + ": needs rows labelled adult and rows labelled benign");
    }
    String[] examples = new String[1 << options.bits()];
    UrlWords words = vocabulary(data.rows(), rules, options);
    Vectors vectors = Vectors.of(data.rows(), rules, words, options.bits(), examples);
    int n = data.rows().size();

    Optional<Figures> cv = Optional.empty();
    double[] cvScores = null;
    if (options.folds() >= 2) {
      int[] fold = new int[n];
      for (int i = 0; i < n; i++) {
        fold[i] =
            Math.floorMod(
                UrlFeatures.bucket("fold", vectors.site[i], 0, vectors.site[i].length(), 30),
                options.folds());
      }
      cvScores = new double[n];
      for (int k = 0; k < options.folds(); k++) {
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (fold[i] != k) {
            in.add(i);
          }
        }
        Fit fit = prune(fit(vectors, in, options), options);
        for (int i = 0; i < n; i++) {
          if (fold[i] == k) {
            cvScores[i] = fit.logit(vectors, i);
          }
        }
      }
    }
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    Fit fit = prune(fit(vectors, all, options), options);

    UrlModel unshifted =
        UrlModel.parse(
            "(trained)",
            UrlModel.render(List.of(), options.bits(), fit.bias, fit.weights, words, null)
                .getBytes(StandardCharsets.UTF_8));
    UrlClassifier scorer = rules.withModel(unshifted);
    double shift = 0;
    Optional<Figures> dev = Optional.empty();
    Data devData = null;
    if (validation.isPresent()) {
      devData = read(validation.get());
      double[] logits = new double[devData.rows().size()];
      boolean[] labels = new boolean[logits.length];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = logit(scorer, devData.rows().get(i).item());
        labels[i] = devData.rows().get(i).adult();
      }
      double t = operatingLogit(logits, labels, options.targetPrecision());
      shift = Double.isNaN(t) ? 0 : t;
      dev = Optional.of(figures(logits, labels, shift, options.targetPrecision()));
    }
    if (cvScores != null) {
      boolean[] labels = new boolean[n];
      for (int i = 0; i < n; i++) {
        labels[i] = data.rows().get(i).adult();
      }
      cv = Optional.of(figures(cvScores, labels, shift, options.targetPrecision()));
    }

    List<String> comments = new ArrayList<>();
    comments.add(
        "Sitewatch learned URL model: read by UrlModel, written by `sitewatch train --urls`.");
    comments.add(
        "Logistic regression over hashed features of an address (UrlFeatures): character 3-5-grams"
            + " of the host labels with ^/$ boundary marks (g:, value 1.5/sqrt(n-grams of the"
            + " label)), whole labels (n:, l:), public"
            + " suffix (t:) and suffix with the name's shape (ts:), host and path chunks and the"
            + " words the URL rules' segmenter finds in them (h:, p:, hw:, pw:), the words this"
            + " file's own segmenter finds in host chunks (sw:, over the v lines: Viterbi over"
            + " word counts), the URL rules that counted (r:) and their summed weight (rules)."
            + " The logit is bias + the rules' sum (a fixed offset: the weights learn what to add"
            + " to the hand-written rules) + the weights of the features present.");
    comments.add(
        String.format(
            Locale.ROOT,
            "Segmenter words: %d letter runs of the training addresses found in at least %d"
                + " registrable domains (at most %d kept), with that number of domains.",
            words.size(),
            options.minWordSites(),
            options.maxWords()));
    comments.add(
        String.format(
            Locale.ROOT,
            "Feature space: 2^%d hashed buckets (FNV-1a + mix); %d weights kept (|w| >= %.3f, at"
                + " most %d), largest first; the third column names a feature seen in the bucket.",
            options.bits(),
            fit.kept,
            fit.cutoff,
            options.maxWeights()));
    comments.add(
        String.format(
            Locale.ROOT,
            "Trained %s on %s: %d rows (%d adult, %d benign; %d skipped); L2 %.0e, %d epochs,"
                + " AdaGrad step %.2f, seed %d, weights averaged over the ends of the second half"
                + " of the epochs, classes weighed equally per list family; benign"
                + " rows the rules score positive or naming lingerie/swimwear shops weigh %.0fx.",
            LocalDate.now(clock),
            data.name(),
            n,
            pos,
            n - pos,
            data.skipped(),
            options.l2(),
            options.epochs(),
            options.learningRate(),
            options.seed(),
            options.hardWeight()));
    cv.ifPresent(
        f ->
            comments.add(
                describe(
                    options.folds() + "-fold cross-validation (folds by registrable domain)",
                    f,
                    options.targetPrecision())));
    if (devData != null) {
      Figures f = dev.orElseThrow();
      comments.add(
          String.format(
              Locale.ROOT,
              "Threshold chosen on %s (%d rows): probability %.4f (logit %.4f), the highest recall"
                  + " at precision >= %.2f there; folded into the bias below, so the classifier's"
                  + " threshold 0.5 is this operating point.",
              devData.name(),
              devData.rows().size(),
              Scoring.logistic(shift),
              shift,
              options.targetPrecision()));
      comments.add(
          describe(
              "On " + devData.name() + " (threshold tuned there)", f, options.targetPrecision()));
    } else {
      comments.add("No validation set given: threshold left at probability 0.5 of the model.");
    }
    String model =
        UrlModel.render(comments, options.bits(), fit.bias - shift, fit.weights, words, examples);
    return new Result(model, cv, dev, n, pos, data.skipped(), fit.kept);
  }

  private static String describe(String what, Figures f, double target) {
    return String.format(
        Locale.ROOT,
        "%s: %d adult / %d benign; at the threshold P %.4f R %.4f F1 %.4f; recall at precision"
            + " >= %.2f: %.4f.",
        what,
        f.positives(),
        f.negatives(),
        f.precision(),
        f.recall(),
        f.f1(),
        target,
        f.recallAtTarget());
  }

  private static double logit(UrlClassifier scorer, String item) {
    UrlScore s = scorer.classify(item);
    double logit = UrlClassifier.BIAS;
    for (var h : s.signals()) {
      logit += h.weight();
    }
    return logit;
  }

  /** Figures of logits against labels, flagging at {@code logit >= at}. */
  static Figures figures(double[] logits, boolean[] labels, double at, double target) {
    int tp = 0;
    int fp = 0;
    int pos = 0;
    for (int i = 0; i < logits.length; i++) {
      pos += labels[i] ? 1 : 0;
      if (logits[i] >= at) {
        if (labels[i]) {
          tp++;
        } else {
          fp++;
        }
      }
    }
    double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double r = pos == 0 ? 0 : tp / (double) pos;
    double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
    double t = operatingLogit(logits, labels, target);
    double recallAt = 0;
    if (!Double.isNaN(t)) {
      int hit = 0;
      for (int i = 0; i < logits.length; i++) {
        if (labels[i] && logits[i] >= t) {
          hit++;
        }
      }
      recallAt = pos == 0 ? 0 : hit / (double) pos;
    }
    return new Figures(
        pos,
        logits.length - pos,
        p,
        r,
        f1,
        Scoring.logistic(at),
        recallAt,
        Double.isNaN(t) ? Double.NaN : Scoring.logistic(t));
  }

  /**
   * The logit threshold with the highest recall at precision >= {@code target}, halfway between the
   * last flagged score and the next one; NaN if no threshold reaches the target.
   */
  static double operatingLogit(double[] logits, boolean[] labels, double target) {
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(logits[b], logits[a]));
    int tp = 0;
    int fp = 0;
    int best = -1;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]]) {
        tp++;
      } else {
        fp++;
      }
      boolean tieNext = k + 1 < order.length && logits[order[k + 1]] == logits[order[k]];
      if (!tieNext && tp >= (tp + fp) * target) {
        best = k;
      }
    }
    if (best < 0) {
      return Double.NaN;
    }
    double at = logits[order[best]];
    return best + 1 < order.length ? (at + logits[order[best + 1]]) / 2 : at;
  }

  /** Feature vectors of all rows: bucket indices and values, merged per bucket. */
  private static final class Vectors {
    int[][] index;
    float[][] value;
    boolean[] label;
    String[] site;
    String[] family;
    boolean[] hard;
    double[] offset;

    static Vectors of(
        List<Row> rows, UrlClassifier rules, UrlWords words, int bits, String[] examples) {
      Vectors v = new Vectors();
      int n = rows.size();
      v.index = new int[n][];
      v.value = new float[n][];
      v.label = new boolean[n];
      v.site = new String[n];
      v.family = new String[n];
      v.hard = new boolean[n];
      v.offset = new double[n];
      for (int i = 0; i < n; i++) {
        Row row = rows.get(i);
        int row0 = i;
        v.label[i] = row.adult();
        v.family[i] = family(row.source());
        v.hard[i] = !row.adult() && HARD.matcher(row.item()).find();
        List<Integer> idx = new ArrayList<>();
        List<Float> val = new ArrayList<>();
        v.site[i] =
            rules.features(
                row.item(),
                words,
                (kind, text, start, end, value) -> {
                  if (kind.equals("rules")) {
                    v.offset[row0] = value * UrlFeatures.RULES_SCALE;
                  }
                  int b = UrlFeatures.bucket(kind, text, start, end, bits);
                  double x = value;
                  if (examples[b] == null) {
                    examples[b] = UrlFeatures.name(kind, text, start, end);
                  }
                  int at = idx.indexOf(b);
                  if (at >= 0) {
                    val.set(at, (float) (val.get(at) + x));
                  } else {
                    idx.add(b);
                    val.add((float) x);
                  }
                });
        v.index[i] = idx.stream().mapToInt(Integer::intValue).toArray();
        v.value[i] = new float[val.size()];
        for (int k = 0; k < val.size(); k++) {
          v.value[i][k] = val.get(k);
        }
      }
      return v;
    }
  }

  /**
   * The segmenter's word list: each letter run of the training addresses (host labels and paths,
   * cut at punctuation and digits) counted once per registrable domain it occurs in; runs found in
   * at least {@link Options#minWordSites} domains are kept, at most {@link Options#maxWords}. Read
   * from the addresses only, never from their labels.
   */
  static UrlWords vocabulary(List<Row> rows, UrlClassifier rules, Options o) {
    java.util.Map<String, java.util.Set<String>> sites = new java.util.HashMap<>();
    for (Row row : rows) {
      List<String> runs = new ArrayList<>();
      String site = rules.lettersOf(row.item(), runs::add);
      for (String r : runs) {
        if (UrlWords.valid(r)) {
          sites.computeIfAbsent(r, k -> new java.util.HashSet<>()).add(site);
        }
      }
    }
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    sites.forEach(
        (w, s) -> {
          if (s.size() >= o.minWordSites()) {
            counts.put(w, s.size());
          }
        });
    return UrlWords.of(counts, o.maxWords());
  }

  /**
   * Names of the shops the lists file as lingerie or swimwear, not adult: a benign row naming one
   * is a hard negative of the training data (the held-out {@code hard_negatives.tsv} is never
   * read).
   */
  static final java.util.regex.Pattern HARD =
      java.util.regex.Pattern.compile(
          "linger|lenceri|dessous|underwear|intimate|panties|corset|bikini|swimwear|bra-|sexshop");

  /** Fitted weights. */
  private static final class Fit {
    double bias;
    float[] weights;
    int kept;
    double cutoff;

    double logit(Vectors v, int i) {
      double z = bias + v.offset[i];
      for (int k = 0; k < v.index[i].length; k++) {
        z += weights[v.index[i][k]] * (double) v.value[i][k];
      }
      return z;
    }
  }

  /**
   * The family of a source: its name up to the first {@code /} or {@code -} ({@code dmoz}, {@code
   * ut1}, {@code v2fly}); empty for none.
   */
  static String family(String source) {
    int cut = source.length();
    for (int k = 0; k < source.length(); k++) {
      char c = source.charAt(k);
      if (c == '/' || c == '-') {
        cut = k;
        break;
      }
    }
    return source.substring(0, cut);
  }

  /**
   * Example weights: within each source family that has both classes, adult and benign rows weigh
   * the same in total, and each such family weighs the same; rows of a family with one class only
   * get the global class weights. So a trait of one list (its URL form, its usual suffix, its share
   * of adult rows) is not learned as a trait of adult sites. Benign rows that the rules score
   * positive, or that name a lingerie or swimwear shop ({@link #HARD}), then weigh {@code
   * hardWeight} times as much: the benign look-alikes are few in the lists and would otherwise be
   * outvoted by the adult rows that share their words.
   */
  private static double[] rowWeights(Vectors v, List<Integer> rows, double hardWeight) {
    java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
    long pos = 0;
    for (int i : rows) {
      long[] c = counts.computeIfAbsent(v.family[i], f -> new long[2]);
      c[v.label[i] ? 1 : 0]++;
      pos += v.label[i] ? 1 : 0;
    }
    long neg = rows.size() - pos;
    long mixed = counts.values().stream().filter(c -> c[0] > 0 && c[1] > 0).count();
    long inMixed = 0;
    for (long[] c : counts.values()) {
      if (c[0] > 0 && c[1] > 0) {
        inMixed += c[0] + c[1];
      }
    }
    double[] w = new double[v.label.length];
    for (int i : rows) {
      long[] c = counts.get(v.family[i]);
      if (c[0] > 0 && c[1] > 0) {
        w[i] = inMixed / (2.0 * mixed * c[v.label[i] ? 1 : 0]);
      } else {
        w[i] = rows.size() / (2.0 * Math.max(1, v.label[i] ? pos : neg));
      }
      if (!v.label[i] && (v.hard[i] || v.offset[i] > 0)) {
        w[i] *= hardWeight;
      }
    }
    return w;
  }

  private static Fit fit(Vectors v, List<Integer> rows, Options o) {
    int dim = 1 << o.bits();
    double[] w = new double[dim];
    double[] g2 = new double[dim];
    double bias = 0;
    double biasG2 = 0;
    double[] rowWeight = rowWeights(v, rows, o.hardWeight());
    int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
    Random random = new Random(o.seed());
    // The weights at the end of each epoch of the second half are averaged (Polyak averaging):
    // the last stochastic steps move the weights by the few examples seen last, the average less.
    int averageFrom = o.epochs() / 2;
    double[] sum = new double[dim];
    double biasSum = 0;
    for (int epoch = 0; epoch < o.epochs(); epoch++) {
      for (int k = order.length - 1; k > 0; k--) {
        int j = random.nextInt(k + 1);
        int t = order[k];
        order[k] = order[j];
        order[j] = t;
      }
      for (int i : order) {
        int[] idx = v.index[i];
        float[] val = v.value[i];
        double z = bias + v.offset[i];
        for (int k = 0; k < idx.length; k++) {
          z += w[idx[k]] * val[k];
        }
        double p = Scoring.logistic(Math.max(-35, Math.min(35, z)));
        double g = rowWeight[i] * (p - (v.label[i] ? 1 : 0));
        biasG2 += g * g;
        bias -= o.learningRate() * g / Math.sqrt(biasG2 + 1e-8);
        for (int k = 0; k < idx.length; k++) {
          int j = idx[k];
          double grad = g * val[k] + o.l2() * w[j];
          g2[j] += grad * grad;
          w[j] -= o.learningRate() * grad / Math.sqrt(g2[j] + 1e-8);
        }
      }
      if (epoch >= averageFrom) {
        for (int j = 0; j < dim; j++) {
          sum[j] += w[j];
        }
        biasSum += bias;
      }
    }
    int averaged = o.epochs() - averageFrom;
    Fit fit = new Fit();
    fit.bias = biasSum / averaged;
    fit.weights = new float[dim];
    for (int j = 0; j < dim; j++) {
      fit.weights[j] = (float) (sum[j] / averaged);
    }
    return fit;
  }

  /**
   * Drops weights below {@code minWeight} (or below the magnitude of the {@code maxWeights}-th
   * largest) and rounds the rest to 4 decimals, as the file holds them.
   */
  private static Fit prune(Fit fit, Options o) {
    float[] mags = new float[fit.weights.length];
    int n = 0;
    for (float w : fit.weights) {
      if (Math.abs(w) >= o.minWeight() && w != 0) {
        mags[n++] = Math.abs(w);
      }
    }
    double cutoff = o.minWeight();
    if (n > o.maxWeights()) {
      float[] sorted = Arrays.copyOf(mags, n);
      Arrays.sort(sorted);
      cutoff = Math.max(cutoff, Math.nextUp(sorted[n - o.maxWeights() - 1]));
    }
    int kept = 0;
    for (int j = 0; j < fit.weights.length; j++) {
      float w = fit.weights[j];
      if (Math.abs(w) < cutoff || w == 0) {
        fit.weights[j] = 0;
      } else {
        fit.weights[j] = (float) (Math.round(w * 10_000.0) / 10_000.0);
        kept++;
      }
    }
    fit.bias = Math.round(fit.bias * 100_000.0) / 100_000.0;
    fit.kept = kept;
    fit.cutoff = cutoff;
    return fit;
  }

  /**
   * Reads a labelled TSV ({@link LabelledTsv}: bounded lines, a malformed line an error naming
   * {@code file:line}); {@code borderline} rows are left out and counted.
   */
  static Data read(Path tsv) {
    List<Row> rows = new ArrayList<>();
    int[] borderline = {0};
    LabelledTsv.read(
        tsv,
        row -> {
          if (row.label().equals(LabelledTsv.BORDERLINE)) {
            borderline[0]++;
            return;
          }
          String it = row.item();
          if (it.length() > MAX_ITEM) {
            it = it.substring(0, MAX_ITEM);
          }
          rows.add(new Row(it, row.label().equals(LabelledTsv.ADULT), row.source()));
        });
    return new Data(String.valueOf(tsv.getFileName()), rows, borderline[0]);
  }
}
