package org.sitewatch.classifier.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.common.text.BoundedLines;

class UrlModelTrainingTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);

  /** Small and quick: the synthetic data needs no big feature space. */
  private static final UrlModelTraining.Options OPTIONS =
      new UrlModelTraining.Options(16, 8, 1e-4, 0.2, 7, 3, 0.001, 50_000, 0.99, 3, 30_000, 4);

  /**
   * Made-up names no URL rule knows: adult rows carry the syllable "zorq" somewhere in a random
   * name, benign rows never do. Only what the model learns from characters can tell them apart.
   */
  private static Path synthetic(Path dir, String name, long seed, int rows) throws Exception {
    Random random = new Random(seed);
    StringBuilder tsv = new StringBuilder("item\titem_type\tlabel\tsource\n");
    for (int i = 0; i < rows; i++) {
      boolean adult = i % 4 == 0;
      String left = letters(random, 3 + random.nextInt(5));
      String right = letters(random, 2 + random.nextInt(5));
      String host = adult ? left + "zorq" + right : left + right;
      String tld = random.nextBoolean() ? "com" : "net";
      tsv.append(host)
          .append('.')
          .append(tld)
          .append("\tdomain\t")
          .append(adult ? "adult" : "benign")
          .append("\tsynthetic\n");
    }
    Path file = dir.resolve(name);
    Files.writeString(file, tsv, StandardCharsets.UTF_8);
    return file;
  }

  private static String letters(Random random, int n) {
    // no 'z' and 'q' in the filler, so the marker is never formed by chance
    String alphabet = "abcdefghijklmnoprstuvwy";
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void learnsAModelThatSeparatesUnseenAddressesByTheirCharacters(@TempDir Path dir)
      throws Exception {
    Path train = synthetic(dir, "train.tsv", 1, 800);
    Path dev = synthetic(dir, "dev.tsv", 2, 400);
    UrlModelTraining.Result result =
        UrlModelTraining.train(
            train, Optional.of(dev), ClassifierSettings.defaults(), OPTIONS, CLOCK);
    assertThat(result.rows()).isEqualTo(800);
    assertThat(result.positives()).isEqualTo(200);
    assertThat(result.crossValidated().orElseThrow().recallAtTarget()).isGreaterThan(0.95);
    assertThat(result.validation().orElseThrow().recallAtTarget()).isGreaterThan(0.95);

    Path model = dir.resolve("model.txt");
    Files.writeString(model, result.model(), StandardCharsets.UTF_8);
    UrlClassifier classifier =
        UrlClassifier.load(ClassifierSettings.builder().urlModelFile(Optional.of(model)).build());
    // addresses in neither file
    Path fresh = synthetic(dir, "fresh.tsv", 3, 200);
    int right = 0;
    int total = 0;
    for (String line : Files.readAllLines(fresh).subList(1, 201)) {
      String[] f = line.split("\t");
      boolean flagged = classifier.classify(f[0]).flagged();
      right += flagged == f[2].equals("adult") ? 1 : 0;
      total++;
    }
    assertThat(right).as("right out of %d", total).isGreaterThanOrEqualTo(195);
    assertThat(result.model())
        .contains("# Trained 2026-12-07 on train.tsv: 800 rows (200 adult, 600 benign; 0 skipped)")
        .contains("3-fold cross-validation")
        .contains("Threshold chosen on dev.tsv (400 rows)");
  }

  @Test
  void trainingIsDeterministicForAGivenSeed(@TempDir Path dir) throws Exception {
    Path train = synthetic(dir, "train.tsv", 4, 300);
    UrlModelTraining.Options noFolds = OPTIONS.withFolds(0);
    String first =
        UrlModelTraining.train(
                train, Optional.empty(), ClassifierSettings.defaults(), noFolds, CLOCK)
            .model();
    String second =
        UrlModelTraining.train(
                train, Optional.empty(), ClassifierSettings.defaults(), noFolds, CLOCK)
            .model();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void borderlineRowsAreLeftOutAndCounted(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("t.tsv");
    Files.writeString(
        tsv,
        "item\tlabel\na.example\tadult\nb.example\tbenign\n\nc.example\tborderline\n",
        StandardCharsets.UTF_8);
    UrlModelTraining.Data data = UrlModelTraining.read(tsv);
    assertThat(data.rows()).hasSize(2);
    assertThat(data.skipped()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "d                   | expected at least 2 tab-separated columns",
        "'\tadult'           | empty item",
        "'d.example\tadlt'   | label must be adult, benign or borderline",
      })
  void aMalformedLineIsAnErrorNamingFileAndLine(String line, String message, @TempDir Path dir)
      throws Exception {
    Path tsv = dir.resolve("t.tsv");
    Files.writeString(tsv, "item\tlabel\na.example\tadult\n" + line + "\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> UrlModelTraining.read(tsv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":3: ")
        .hasMessageContaining(message);
  }

  @Test
  void aLineBeyondTheBoundIsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("t.tsv");
    Files.writeString(
        tsv,
        "item\tlabel\n" + "a".repeat(BoundedLines.MAX_LINE * 4) + "\tadult\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> UrlModelTraining.read(tsv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":2: line longer than " + BoundedLines.MAX_LINE);
  }

  @Test
  void aTsvWithOneClassOnlyIsRefused(@TempDir Path dir) throws Exception {
    Path tsv = dir.resolve("t.tsv");
    Files.writeString(tsv, "item\tlabel\na.example\tbenign\n", StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                UrlModelTraining.train(
                    tsv, Optional.empty(), ClassifierSettings.defaults(), OPTIONS, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs rows labelled adult and rows labelled benign");
  }

  @Test
  void recallAtPrecisionTakesTheLowestThresholdThatKeepsThePrecision() {
    double[] logits = {5, 4, 3, 2, 1, 0};
    boolean[] labels = {true, true, false, true, false, false};
    // precision >= 0.99 holds down to logit 4 (2 of 3 adult found); 3 is benign
    UrlModelTraining.Figures f = UrlModelTraining.figures(logits, labels, 3.5, 0.99);
    assertThat(f.recallAtTarget()).isEqualTo(2 / 3.0);
    assertThat(UrlModelTraining.operatingLogit(logits, labels, 0.99)).isEqualTo(3.5);
    assertThat(f.precision()).isEqualTo(1.0);
    assertThat(f.recall()).isEqualTo(2 / 3.0);
  }
}
