package org.sitewatch.classifier.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.Scoring;
import org.sitewatch.events.SignalHit;

/** The learned URL model: its file, and what it adds to the rules in {@link UrlClassifier}. */
class UrlModelTest {
  private static UrlClassifier classifier;

  @BeforeAll
  static void load() {
    classifier = UrlClassifier.load(ClassifierSettings.defaults());
  }

  @Test
  void builtInModelIsLoadedByDefaultAndNamedByItsDigest() {
    assertThat(classifier.modelVersion())
        .hasValueSatisfying(v -> assertThat(v).matches("url-model-[0-9a-f]{12}"));
    UrlModel model = UrlModel.builtIn();
    assertThat(model.nonZero()).isGreaterThan(1000);
  }

  @Test
  void theModelSignalNamesTheRulePartAndTheFeaturesThatMovedTheScore() {
    UrlScore score = classifier.classify("freeporntube.example");
    SignalHit model =
        score.signals().stream()
            .filter(h -> h.id().equals(UrlClassifier.MODEL_SIGNAL))
            .findFirst()
            .orElseThrow();
    assertThat(model.snippet()).matches("rules [+-]\\d+\\.\\d\\d; [a-z]+:.+ [+-]\\d+\\.\\d\\d.*");
    assertThat(score.signals()).extracting(SignalHit::id).contains("url.porn");
  }

  @Test
  void scoreIsStillTheLogisticOfBiasPlusTheReportedWeights() {
    for (String item :
        List.of("hotvideos.example", "https://www.example.org/about", "sexeducation.example")) {
      UrlScore score = classifier.classify(item);
      double logit =
          UrlClassifier.BIAS + score.signals().stream().mapToDouble(SignalHit::weight).sum();
      assertThat(score.score()).as(item).isCloseTo(Scoring.logistic(logit), Offset.offset(1e-9));
    }
  }

  @ParameterizedTest(name = "{0} -> flagged={1}")
  @CsvSource({
    "freeporntube.example,           true",
    "hentai-world.example,           true",
    "huangse.com,                    true",
    "https://www.example.org/about,  false",
    "https://bank.example.co.uk/login, false",
    "essex.ac.uk,                    false",
    "expertsexchange.example,        false",
    "weather-forecast.example,       false",
  })
  void theShippedModelKeepsTheClearCasesOfTheRules(String item, boolean flagged) {
    assertThat(classifier.classify(item).flagged()).isEqualTo(flagged);
  }

  @Test
  void aModelFileRoundTripsWithItsWeightsAndBias(@TempDir Path dir) throws Exception {
    float[] weights = new float[1 << 12];
    weights[7] = 1.25f;
    weights[4095] = -0.5f;
    weights[100] = 2.0f;
    String[] examples = new String[weights.length];
    examples[100] = "g:orn";
    String text = UrlModel.render(List.of("trained on nothing"), 12, -0.75, weights, examples);
    assertThat(text).startsWith("# trained on nothing\n").contains("w\t100\t2.0000\tg:orn\n");
    // largest magnitude first, for the reader
    assertThat(text.indexOf("w\t100\t")).isLessThan(text.indexOf("w\t7\t"));
    Path file = dir.resolve("m.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    UrlModel back = UrlModel.read(file);
    assertThat(back.bits()).isEqualTo(12);
    assertThat(back.bias()).isEqualTo(-0.75);
    assertThat(back.nonZero()).isEqualTo(3);
    assertThat(back.weight(7)).isEqualTo(1.25f);
    assertThat(back.weight(4095)).isEqualTo(-0.5f);
    assertThat(back.weight(100)).isEqualTo(2.0f);
    assertThat(
            UrlModel.render(
                List.of("trained on nothing"), 12, back.bias(), weightsOf(back), examples))
        .isEqualTo(text);
  }

  @Test
  void aModelFileCarriesItsSegmenterWordsAndScoresWithThem(@TempDir Path dir) throws Exception {
    UrlWords words = UrlWords.of(java.util.Map.of("petite", 12, "tina", 3, "free", 40), 10);
    float[] weights = new float[1 << 12];
    int petite = UrlFeatures.bucket("sw", "petite", 0, 6, 12);
    weights[petite] = 2.5f;
    String text = UrlModel.render(List.of(), 12, -1.0, weights, words, null);
    assertThat(text)
        .contains("vocabulary\t3\nv\tfree\t40\nv\tpetite\t12\nv\ttina\t3\nweights\t1\n");
    Path file = dir.resolve("m.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    UrlModel back = UrlModel.read(file);
    assertThat(back.words().words()).containsExactly("free", "petite", "tina");
    assertThat(UrlModel.render(List.of(), 12, back.bias(), weightsOf(back), back.words(), null))
        .isEqualTo(text);
    // the glued name is cut by the file's words, so the word's weight counts for it
    UrlClassifier scorer = UrlClassifier.rulesOnly(ClassifierSettings.defaults()).withModel(back);
    assertThat(scorer.classify("petitetina.example").signals())
        .filteredOn(h -> h.id().equals(UrlClassifier.MODEL_SIGNAL))
        .singleElement()
        .satisfies(h -> assertThat(h.snippet()).contains("sw:petite +2.50"));
  }

  private static float[] weightsOf(UrlModel m) {
    float[] w = new float[1 << m.bits()];
    for (int i = 0; i < w.length; i++) {
      w[i] = m.weight(i);
    }
    return w;
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "format\tother 2\\nbits\t12\\nbias\t0\\nweights\t0 | m.txt:1: format must be",
        "format\tsitewatch-url-model 3\\nbits\t30\\nbias\t0\\nweights\t0 | m.txt:2: bits must be in",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nweights\t2\\nw\t1\t0.5 | declares 2 weights, holds 1",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nweights\t1\\nw\t9999\t0.5 | m.txt:5: bucket must be",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nweights\t1\\nw\t1\tNaN | m.txt:5: 'NaN' is not a finite",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nweights\t1\\nw\t1\t99 | m.txt:5: weight beyond",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nweights\t2\\nw\t1\t1\\nw\t1\t2 | m.txt:6: bucket 1 given twice",
        "format\tsitewatch-url-model 3\\nbits\t12\\nweights\t1\\nw\t1\t1 | m.txt:4: a weight before",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nweights\t0\\nweight\t1 | m.txt:5: unknown line kind",
        "hello | m.txt:1: unknown line kind",
        "format\tsitewatch-url-model 2\\nbits\t12\\nbias\t0\\nweights\t0 | m.txt:1: format must be",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nv\tporn\t3\\nweights\t0 | m.txt:4: a word before",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t2\\nv\tporn\t3\\nweights\t0 | declares 2 words, holds 1",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t2\\nv\tporn\t3\\nv\tporn\t4\\nweights\t0 | m.txt:6: word 'porn' given twice",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t1\\nv\tPorn!\t3\\nweights\t0 | m.txt:5: a word must be",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t1\\nv\tporn\t0\\nweights\t0 | m.txt:5: a word must be",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t1\\nv\tporn\t3\\nv\tsexy\t3\\nweights\t0 | m.txt:6: more words than",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t-1\\nweights\t0 | m.txt:4: vocabulary must be",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t100001\\nweights\t0 | m.txt:4: vocabulary must be",
        "format\tsitewatch-url-model 3\\nbits\t12\\nbias\t0\\nvocabulary\t0\\nvocabulary\t0\\nweights\t0 | m.txt:5: a second 'vocabulary'",
      })
  void aBadModelFileIsAClearErrorAtLoad(String content, String message, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("m.txt");
    Files.writeString(file, content.replace("\\n", "\n"), StandardCharsets.UTF_8);
    ClassifierSettings settings =
        ClassifierSettings.builder().urlModelFile(Optional.of(file)).build();
    assertThatThrownBy(() -> UrlClassifier.load(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void anOversizedOrMissingModelFileIsRefusedAtLoad(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.txt");
    Files.write(big, new byte[(int) UrlModel.MAX_BYTES + 1]);
    assertThatThrownBy(
            () ->
                UrlClassifier.load(
                    ClassifierSettings.builder().urlModelFile(Optional.of(big)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("larger than " + UrlModel.MAX_BYTES);
    Path missing = dir.resolve("none.txt");
    assertThatThrownBy(
            () ->
                UrlClassifier.load(
                    ClassifierSettings.builder().urlModelFile(Optional.of(missing)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a readable file");
  }

  @Test
  void aModelFileGivenInTheSettingsReplacesTheBuiltInOne(@TempDir Path dir) throws Exception {
    float[] weights = new float[1 << 10];
    String text = UrlModel.render(List.of(), 10, 3.0, weights, null);
    Path file = dir.resolve("flat.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    UrlClassifier flat =
        UrlClassifier.load(ClassifierSettings.builder().urlModelFile(Optional.of(file)).build());
    // a model of bias 3 and no weights flags everything: it replaced the built-in one
    assertThat(flat.classify("https://www.example.org/about").score())
        .isCloseTo(Scoring.logistic(3.0), Offset.offset(1e-9));
  }
}
