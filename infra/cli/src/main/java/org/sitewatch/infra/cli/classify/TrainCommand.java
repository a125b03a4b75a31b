package org.sitewatch.infra.cli.classify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.eval.Training;
import org.sitewatch.classifier.url.UrlModelTraining;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch train}: learn lexicon weights from labelled pages into a reviewable lexicon
 * file, or ({@code --urls}) the learned URL model from labelled addresses into a model file.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Learn lexicon weights from labelled pages (adult/ = positives, other folders = negatives) "
            + "and write the changed rules as a lexicon file to review, then use as classifier.lexicon-file or publish; "
            + "or, with --urls, learn the URL model from labelled addresses (use as classifier.url-model or ship as "
            + "classifier/src/main/resources/models/url-model.txt).")
public final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  static final class Input {
    @Option(
        names = "--pages",
        required = true,
        paramLabel = "DIR",
        description = "Folder of labelled pages.")
    Path pages;

    @Option(
        names = "--urls",
        required = true,
        paramLabel = "TSV",
        description =
            "TSV with header item, label (adult|benign; borderline rows left out and counted as skipped), source: learn the URL model. A malformed line stops it naming file:line.")
    Path urls;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Where to write the learned weights (lexicon format; with --urls the model file, default url-model.txt).")
  Path out;

  // --- sitewatch train --urls (issue 14b) ---
  @Option(
      names = "--dev",
      paramLabel = "TSV",
      description =
          "With --urls: validation TSV (same columns) on which the threshold is chosen; never trained on.")
  Path dev;

  @Option(
      names = "--folds",
      defaultValue = "5",
      description =
          "With --urls: cross-validation folds (by registrable domain) for the reported figures; 0: none. Default ${DEFAULT-VALUE}.")
  int folds;

  @Option(
      names = "--seed",
      defaultValue = "18",
      description = "With --urls: seed of the example order. Default ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--iterations",
      defaultValue = "500",
      description = "Gradient steps; default ${DEFAULT-VALUE}.")
  int iterations;

  @Option(
      names = "--l2",
      defaultValue = "0.1",
      description = "Pull towards the weights in force; default ${DEFAULT-VALUE}.")
  double l2;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SitewatchConfig cfg = config.load(Map.of());
    if (input.urls != null) {
      return trainUrls(cfg);
    }
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "--pages needs --out FILE");
    }
    Path pages = input.pages;
    if (!Files.isDirectory(pages)) {
      // a usage error (exit 2, one line), not a stack trace from walking a missing folder
      throw new IllegalArgumentException("--pages " + pages + ": no such folder");
    }
    Training.Result result = Training.train(pages, cfg.classifier(), iterations, l2);
    Files.writeString(out, result.lexicon(), StandardCharsets.UTF_8);
    spec.commandLine()
        .getOut()
        .printf(
            "sitewatch train: %d pages (%d adult); %d rule weight(s) changed; mean log loss %.4f -> %.4f "
                + "on the training pages; written to %s%n",
            result.pages(),
            result.positives(),
            result.rulesChanged(),
            result.lossBefore(),
            result.lossAfter(),
            out);
    return 0;
  }

  private int trainUrls(SitewatchConfig cfg) throws Exception {
    UrlModelTraining.Options defaults = UrlModelTraining.Options.defaults();
    UrlModelTraining.Options options =
        new UrlModelTraining.Options(
            defaults.bits(),
            defaults.epochs(),
            defaults.l2(),
            defaults.learningRate(),
            seed,
            folds,
            defaults.minWeight(),
            defaults.maxWeights(),
            defaults.targetPrecision(),
            defaults.minWordSites(),
            defaults.maxWords(),
            defaults.hardWeight());
    UrlModelTraining.Result result =
        UrlModelTraining.train(
            input.urls, Optional.ofNullable(dev), cfg.classifier(), options, Clock.systemUTC());
    Path target = out == null ? Path.of("url-model.txt") : out;
    Files.writeString(target, result.model(), StandardCharsets.UTF_8);
    var w = spec.commandLine().getOut();
    w.printf(
        "sitewatch train --urls: %d rows (%d adult; %d skipped); %d weights kept; written to %s%n",
        result.rows(), result.positives(), result.skipped(), result.weights(), target);
    result.crossValidated().ifPresent(f -> w.println(figures(folds + "-fold cross-validation", f)));
    result.validation().ifPresent(f -> w.println(figures("validation " + dev, f)));
    return 0;
  }

  private static String figures(String what, UrlModelTraining.Figures f) {
    return String.format(
        Locale.ROOT,
        "%s: %d adult / %d benign; at the chosen threshold (model probability %.4f): precision %.4f"
            + " recall %.4f F1 %.4f; recall at precision >= %.2f: %.4f",
        what,
        f.positives(),
        f.negatives(),
        f.threshold(),
        f.precision(),
        f.recall(),
        f.f1(),
        UrlModelTraining.Options.defaults().targetPrecision(),
        f.recallAtTarget());
  }
}
