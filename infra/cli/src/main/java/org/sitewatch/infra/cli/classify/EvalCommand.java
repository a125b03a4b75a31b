package org.sitewatch.infra.cli.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.eval.Evaluation;
import org.sitewatch.classifier.eval.Report;
import org.sitewatch.classifier.eval.ScoreFigures;
import org.sitewatch.classifier.eval.ScoredItems;
import org.sitewatch.classifier.eval.SiteEvaluation;
import org.sitewatch.classifier.eval.SiteReport;
import org.sitewatch.classifier.eval.SiteSplit;
import org.sitewatch.classifier.eval.SiteSplitReport;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.url.UrlClassifier;
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
 * {@code sitewatch eval}: precision, recall and F1 of the classifier on labelled data, with the
 * errors.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Measure precision, recall and F1 per source on labelled URLs/domains (URL-only) or labelled pages, or conduct precision and recall on labelled sites; list the errors, and give precision at recall 0.8, 0.9 and 0.95 (with --calibration also a reliability table).")
public final class EvalCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  static final class Input {
    @Option(
        names = "--urls",
        paramLabel = "TSV",
        required = true,
        description =
            "TSV with header item, item_type, label (adult|benign|borderline), source, lang_hint; scored URL-only. A malformed line stops it naming file:line.")
    Path urls;

    @Option(
        names = "--pages",
        paramLabel = "DIR",
        required = true,
        description =
            "Folder of pages labelled by their first folder level (adult/, benign/, other names = benign sources).")
    Path pages;

    @Option(
        names = "--sites",
        paramLabel = "DIR",
        required = true,
        description =
            "Folder with a folder per site (its .html pages and conduct.txt, one conduct per line): conduct precision and recall per conduct, through the classifier's page and site path.")
    Path sites;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(
      names = "--label",
      paramLabel = "LABEL",
      description =
          "With --pages: give every page this label instead of reading it from the folder (e.g. benign).")
  String label;

  @Option(
      names = "--train",
      paramLabel = "TRAIN_TSV",
      description =
          "With --urls: also give precision and recall, and recall at precision >= 0.99, apart for rows whose registrable domain this training TSV holds (seen sites) and for the others (unseen sites, the figure for addresses the model never saw), overall and per source.")
  Path train;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the report as JSON to FILE.")
  Path json;

  @Option(
      names = "--calibration",
      description =
          "Also print a reliability table: scores in 10 bins against the observed share of adult items (borderline left out).")
  boolean calibration;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (train != null && input.urls == null) {
      throw new ParameterException(spec.commandLine(), "--train needs --urls");
    }
    SitewatchConfig cfg = config.load(Map.of());
    if (input.sites != null) {
      SiteReport sites =
          SiteEvaluation.sites(
              input.sites, PageClassifier.load(cfg.classifier()), cfg.classifier());
      write(sites.toText(), sites.toJson());
      return 0;
    }
    Report report;
    ScoredItems scores = new ScoredItems();
    Optional<SiteSplit> split = Optional.empty();
    if (input.urls != null) {
      split = Optional.ofNullable(train).map(SiteSplit::readTraining);
      Evaluation.ItemListener listener =
          split
              .<Evaluation.ItemListener>map(
                  s ->
                      (item, lab, source, score, flagged) -> {
                        scores.scored(lab, score);
                        s.scored(item, lab, source, score, flagged);
                      })
              .orElse((item, lab, source, score, flagged) -> scores.scored(lab, score));
      report = Evaluation.urlTsv(input.urls, UrlClassifier.load(cfg.classifier()), listener);
    } else {
      PageClassifier classifier = PageClassifier.load(cfg.classifier());
      report = Evaluation.pages(input.pages, classifier, label, scores);
    }
    ScoreFigures figures = ScoreFigures.of(scores, calibration);
    Optional<SiteSplitReport> bySite = split.map(SiteSplit::report);
    write(
        report.toText() + figures.toText() + bySite.map(SiteSplitReport::toText).orElse(""),
        figures.toJson(report, bySite));
    return 0;
  }

  private void write(String text, String jsonText) throws IOException {
    var out = spec.commandLine().getOut();
    out.print(text);
    out.flush();
    if (json != null) {
      Files.writeString(json, jsonText, StandardCharsets.UTF_8);
    }
  }
}
