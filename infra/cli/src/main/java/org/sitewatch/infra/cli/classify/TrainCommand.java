package org.sitewatch.infra.cli.classify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.eval.Training;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch train}: learn lexicon weights from labelled pages into a reviewable lexicon
 * file.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Learn lexicon weights from labelled pages (adult/ = positives, other folders = negatives) "
            + "and write the changed rules as a lexicon file to review, then use as classifier.lexicon-file or publish.")
public final class TrainCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--pages",
      required = true,
      paramLabel = "DIR",
      description = "Folder of labelled pages.")
  Path pages;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the learned weights (lexicon format).")
  Path out;

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
}
