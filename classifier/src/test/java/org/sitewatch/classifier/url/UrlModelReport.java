package org.sitewatch.classifier.url;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.sitewatch.classifier.ClassifierSettings;

/**
 * Prints, per source and label, how many addresses of labelled TSVs the built-in rules plus a URL
 * model file flag at the classifier's threshold: the per-source and hard-negative figures of
 * docs/detection.md ("Addresses"). Label {@code borderline} (hard_negatives.tsv) counts as benign.
 * Usage: {@code UrlModelReport MODEL TSV...}.
 */
public final class UrlModelReport {
  private UrlModelReport() {}

  public static void main(String[] args) throws IOException {
    UrlClassifier scorer =
        UrlClassifier.rulesOnly(ClassifierSettings.defaults())
            .withModel(UrlModel.read(Path.of(args[0])));
    for (int a = 1; a < args.length; a++) {
      Path tsv = Path.of(args[a]);
      String text =
          Files.readString(tsv, StandardCharsets.UTF_8).replace("\tborderline\t", "\tbenign\t");
      Path tmp = Files.createTempFile("labelled", ".tsv");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Map<String, int[]> per = new TreeMap<>();
        for (UrlModelTraining.Row row : UrlModelTraining.read(tmp).rows()) {
          int[] c =
              per.computeIfAbsent(
                  row.source() + (row.adult() ? " adult" : " benign"), k -> new int[2]);
          c[0]++;
          c[1] += scorer.classify(row.item()).flagged() ? 1 : 0;
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
