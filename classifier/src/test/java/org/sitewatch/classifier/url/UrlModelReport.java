package org.sitewatch.classifier.url;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.eval.SiteSplit;

/**
 * Prints, per source and label, how many addresses of labelled TSVs the built-in rules plus a URL
 * model file flag at the classifier's threshold: the per-source and hard-negative figures of
 * docs/detection.md ("Addresses"). Label {@code borderline} (hard_negatives.tsv) counts as benign.
 * Usage: {@code UrlModelReport MODEL [--train TRAIN_TSV] TSV...}. With {@code --train}, each count
 * is split by whether the row's registrable domain is one the training TSV holds ({@code
 * site-in-train}: the model may recall the site) or not ({@code site-not-in-train}: the figure for
 * sites the model never saw), as {@code sitewatch eval --train} splits it ({@link SiteSplit}), and
 * the totals of both parts are printed per TSV.
 */
public final class UrlModelReport {
  private UrlModelReport() {}

  public static void main(String[] args) throws IOException {
    UrlClassifier scorer =
        UrlClassifier.rulesOnly(ClassifierSettings.defaults())
            .withModel(UrlModel.read(Path.of(args[0])));
    int first = 1;
    SiteSplit trainSites = null;
    if (args.length > 2 && args[1].equals("--train")) {
      trainSites = SiteSplit.readTraining(Path.of(args[2]));
      first = 3;
    }
    for (int a = first; a < args.length; a++) {
      Path tsv = Path.of(args[a]);
      String text =
          Files.readString(tsv, StandardCharsets.UTF_8).replace("\tborderline\t", "\tbenign\t");
      Path tmp = Files.createTempFile("labelled", ".tsv");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Map<String, int[]> per = new TreeMap<>();
        for (UrlModelTraining.Row row : UrlModelTraining.read(tmp).rows()) {
          String part = "";
          if (trainSites != null) {
            part = trainSites.seen(row.item()) ? " site-in-train" : " site-not-in-train";
          }
          String label = row.adult() ? " adult" : " benign";
          boolean flagged = scorer.classify(row.item()).flagged();
          for (String key :
              trainSites == null
                  ? List.of(row.source() + label)
                  : List.of(row.source() + label + part, "(all)" + label + part)) {
            int[] c = per.computeIfAbsent(key, k -> new int[2]);
            c[0]++;
            c[1] += flagged ? 1 : 0;
          }
        }
        per.forEach(
            (k, c) ->
                System.out.printf(
                    Locale.ROOT,
                    "%s\t%s\tflagged %d of %d\t%.4f%n",
                    tsv.getFileName(),
                    k,
                    c[1],
                    c[0],
                    c[1] / (double) c[0]));
      } finally {
        Files.delete(tmp);
      }
    }
  }
}
