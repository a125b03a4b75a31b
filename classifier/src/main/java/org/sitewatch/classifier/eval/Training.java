package org.sitewatch.classifier.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.keywords.LexiconRule;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.page.Scoring;
import org.sitewatch.events.SignalHit;

/**
 * Learns lexicon weights from labelled pages, so that weights can come from data as well as from
 * hand tuning, and both stay reviewable text.
 *
 * <p>The page model is {@code logit = BIAS + sum(weight_r * f(count_r)) + fixed}, where {@code f}
 * is the count factor (1, 1.5, 2) and {@code fixed} the contribution of signals that are not
 * lexicon rules (structure, identifiers). Training fits the lexicon weights by gradient descent on
 * the log loss with an L2 pull towards the weights in force, so rules the data says nothing about
 * keep their hand-tuned weight, and a rule moves only as far as the evidence pushes it. Category
 * caps are ignored while fitting (they bound the score afterwards as usual). The output is a
 * lexicon file that overrides the changed rules by id: review it, then use it as {@code
 * classifier.lexicon-file} or publish it as an operator lexicon. The labelled folder is laid out as
 * for {@link Evaluation#pages(Path, PageClassifier)}: pages under {@code adult/} are positives,
 * every other folder holds negatives.
 */
public final class Training {
  /** Weights never leave the lexicon format's range. */
  private static final double MAX_WEIGHT = 10;

  /** Changes smaller than this are not written out. */
  private static final double MIN_CHANGE = 0.05;

  /**
   * What training produced.
   *
   * @param lexicon the override lexicon (rules whose weight changed), in the lexicon text format
   * @param pages pages used
   * @param positives pages labelled adult
   * @param rulesChanged rules written to {@link #lexicon()}
   * @param lossBefore mean log loss on the pages with the weights in force
   * @param lossAfter mean log loss with the learned weights (same pages: a training-set figure)
   */
  public record Result(
      String lexicon,
      int pages,
      int positives,
      int rulesChanged,
      double lossBefore,
      double lossAfter) {}

  private record Example(boolean adult, double fixed, Map<String, Double> features) {}

  private Training() {}

  /**
   * Fits the lexicon weights of the classifier configured by {@code settings} to the pages under
   * {@code folder}.
   *
   * @param iterations gradient steps (e.g. 500)
   * @param l2 strength of the pull towards the weights in force (e.g. 0.1)
   */
  public static Result train(Path folder, ClassifierSettings settings, int iterations, double l2) {
    if (iterations < 1 || l2 < 0) {
      throw new IllegalArgumentException("iterations must be >= 1 and l2 >= 0");
    }
    PageClassifier classifier = PageClassifier.load(settings);
    Lexicon lexicon = Lexicon.load(settings.lexiconFile());
    Map<String, LexiconRule> rules = new LinkedHashMap<>();
    lexicon.rules().forEach(r -> rules.put(r.id(), r));
    List<Example> examples = examples(folder, classifier, rules);
    if (examples.stream().noneMatch(Example::adult) || examples.stream().allMatch(Example::adult)) {
      throw new IllegalArgumentException(
          "training needs pages under " + folder.resolve("adult") + " and pages in other folders");
    }
    Map<String, Double> prior = new HashMap<>();
    rules.values().forEach(r -> prior.put(r.id(), r.weight()));
    Map<String, Double> w = new HashMap<>(prior);
    double lossBefore = loss(examples, w);
    // a step the L2 term cannot make oscillate: it shrinks as the pull grows
    double rate = 1.0 / (1 + 2 * l2);
    for (int step = 0; step < iterations; step++) {
      Map<String, Double> gradient = new HashMap<>();
      for (Example e : examples) {
        double p = sigmoid(logit(e, w));
        double error = p - (e.adult() ? 1 : 0);
        e.features().forEach((id, x) -> gradient.merge(id, error * x, Double::sum));
      }
      for (Map.Entry<String, Double> g : gradient.entrySet()) {
        String id = g.getKey();
        double grad = g.getValue() / examples.size() + 2 * l2 * (w.get(id) - prior.get(id));
        double next = w.get(id) - rate * grad;
        // a weight keeps the sign its category demands, or the lexicon written would not load
        boolean negative = rules.get(id).category().negative();
        w.put(id, Math.max(negative ? -MAX_WEIGHT : 0, Math.min(negative ? 0 : MAX_WEIGHT, next)));
      }
    }
    double lossAfter = loss(examples, w);
    List<String> lines = new ArrayList<>();
    for (LexiconRule rule : rules.values()) {
      double learned = Math.round(w.get(rule.id()) * 100) / 100.0;
      if (Math.abs(learned - rule.weight()) >= MIN_CHANGE) {
        lines.add("# " + rule.id() + " was " + format(rule.weight()));
        lines.add(
            rule.id()
                + "\t"
                + rule.category().label()
                + "\t"
                + format(learned)
                + "\t"
                + phrase(rule));
      }
    }
    long positives = examples.stream().filter(Example::adult).count();
    String header =
        String.format(
            Locale.ROOT,
            "# Weights learned by `sitewatch train` from %d labelled pages (%d adult) under %s%n"
                + "# lexicon in force: %s; iterations %d, l2 %.3f; mean log loss %.4f -> %.4f (training set)%n"
                + "# Rules listed here override the rules with the same id; review before use.%n",
            examples.size(),
            positives,
            folder.getFileName(),
            classifier.lexiconVersion(),
            iterations,
            l2,
            lossBefore,
            lossAfter);
    return new Result(
        header + String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"),
        examples.size(),
        (int) positives,
        lines.size() / 2,
        lossBefore,
        lossAfter);
  }

  private static List<Example> examples(
      Path folder, PageClassifier classifier, Map<String, LexiconRule> rules) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(
                  p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.html?"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    List<Example> examples = new ArrayList<>();
    for (Path file : files) {
      Path relative = folder.relativize(file);
      boolean adult = relative.getNameCount() > 1 && relative.getName(0).toString().equals("adult");
      byte[] bytes;
      try {
        bytes = Evaluation.readPage(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      if (bytes == null) {
        throw new IllegalArgumentException(
            file + ": larger than " + Evaluation.MAX_PAGE_BYTES + " bytes");
      }
      PageScore score =
          classifier.classify(
              new PageInput(
                  file.toUri().toString(), Evaluation.decode(bytes), "text/html", Map.of()));
      double fixed = 0;
      Map<String, Double> features = new HashMap<>();
      for (SignalHit s : score.signals()) {
        if (rules.containsKey(s.id())) {
          features.merge(s.id(), Scoring.countFactor(s.count()), Double::sum);
        } else {
          fixed += s.weight();
        }
      }
      examples.add(new Example(adult, fixed, features));
    }
    return examples;
  }

  private static double logit(Example e, Map<String, Double> w) {
    double z = Scoring.BIAS + e.fixed();
    for (Map.Entry<String, Double> f : e.features().entrySet()) {
      z += w.get(f.getKey()) * f.getValue();
    }
    return z;
  }

  private static double loss(List<Example> examples, Map<String, Double> w) {
    double sum = 0;
    for (Example e : examples) {
      double p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(logit(e, w))));
      sum -= e.adult() ? Math.log(p) : Math.log(1 - p);
    }
    return sum / examples.size();
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static String phrase(LexiconRule rule) {
    String joiner = rule.within() > 0 ? " ~" + rule.within() + " " : " + ";
    return rule.phrases().stream().collect(Collectors.joining(joiner));
  }

  private static String format(double weight) {
    return String.format(Locale.ROOT, "%.2f", weight);
  }
}
