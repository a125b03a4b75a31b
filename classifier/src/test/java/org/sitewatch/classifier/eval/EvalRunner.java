package org.sitewatch.classifier.eval;

import java.nio.file.Path;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.classifier.url.UrlScore;

/**
 * Manual runner for measuring on data outside the repository (not a test; surefire ignores it):
 * {@code java -cp ... org.sitewatch.classifier.eval.EvalRunner urls FILE.tsv...}, {@code ... pages
 * FOLDER [defaultLabel]}, {@code ... curve FILE.tsv} (precision and recall at other thresholds) or
 * {@code ... score ITEM...}. Prints the text report, or JSON with {@code --json}.
 */
final class EvalRunner {
  private EvalRunner() {}

  public static void main(String[] args) {
    boolean json = args.length > 0 && args[args.length - 1].equals("--json");
    ClassifierSettings settings = ClassifierSettings.defaults();
    if (args[0].equals("urls")) {
      UrlClassifier c = UrlClassifier.load(settings);
      for (int i = 1; i < args.length; i++) {
        if (args[i].startsWith("--")) {
          continue;
        }
        Report r = Evaluation.urlTsv(Path.of(args[i]), c);
        System.out.println(json ? r.toJson() : r.toText());
      }
    } else if (args[0].equals("curve")) {
      UrlClassifier c = UrlClassifier.load(settings);
      java.util.List<double[]> scored = new java.util.ArrayList<>();
      try {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(Path.of(args[1]));
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split("\t");
          if (f.length > 2 && (f[2].equals("adult") || f[2].equals("benign"))) {
            scored.add(new double[] {c.classify(f[0]).score(), f[2].equals("adult") ? 1 : 0});
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      for (double t : new double[] {0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8}) {
        int tp = 0, fp = 0, fn = 0;
        for (double[] s : scored) {
          boolean flag = s[0] >= t;
          if (flag && s[1] == 1) tp++;
          if (flag && s[1] == 0) fp++;
          if (!flag && s[1] == 1) fn++;
        }
        System.out.printf(
            java.util.Locale.ROOT,
            "t=%.2f tp=%d fp=%d fn=%d precision=%.4f recall=%.4f%n",
            t,
            tp,
            fp,
            fn,
            tp / (double) Math.max(1, tp + fp),
            tp / (double) Math.max(1, tp + fn));
      }
    } else if (args[0].equals("score")) {
      UrlClassifier c = UrlClassifier.load(settings);
      for (int i = 1; i < args.length; i++) {
        UrlScore s = c.classify(args[i]);
        System.out.println(s.flagged() + " " + s.score() + " " + s.input() + " " + s.signals());
      }
    } else {
      PageClassifier c = PageClassifier.load(settings);
      Report r =
          args.length > 2 && !args[2].startsWith("--")
              ? Evaluation.pages(Path.of(args[1]), c, args[2])
              : Evaluation.pages(Path.of(args[1]), c);
      System.out.println(json ? r.toJson() : r.toText());
    }
  }
}
