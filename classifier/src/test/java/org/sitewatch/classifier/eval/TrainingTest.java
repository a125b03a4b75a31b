package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;

class TrainingTest {
  private static Path pages() {
    try {
      return Path.of(TrainingTest.class.getResource("/eval/pages").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void trainingLowersTheLossAndItsOutputLoadsAsAFileAndAsALiveLexicon(@TempDir Path dir)
      throws Exception {
    Training.Result result = Training.train(pages(), ClassifierSettings.defaults(), 1000, 0.01);
    assertThat(result.pages()).isGreaterThan(result.positives()).isGreaterThan(0);
    assertThat(result.lossAfter()).isLessThan(result.lossBefore());
    assertThat(result.lexicon()).startsWith("# Weights learned by `sitewatch train`");

    Path file = dir.resolve("weights.txt");
    Files.writeString(file, result.lexicon(), StandardCharsets.UTF_8);
    PageClassifier trained =
        PageClassifier.load(ClassifierSettings.defaults().withLexiconFile(file));
    assertThat(trained.lexiconVersion()).startsWith("custom-");
    assertThat(
            PageClassifier.load(
                    ClassifierSettings.defaults(),
                    Map.of("trained", result.lexicon()),
                    org.sitewatch.classifier.lists.KnownSites.NONE)
                .lexiconVersion())
        .startsWith("live-");
  }

  @Test
  void rulesThatFireOnNegativePagesLoseWeightAndRulesOfPositivePagesGain(@TempDir Path dir)
      throws Exception {
    for (int i = 0; i < 3; i++) {
      write(dir.resolve("adult/a" + i + ".html"), "成人视频 第" + i + "部 福利视频 在线");
      // labelled benign on purpose: the data says these words do not mean what the lexicon says
      write(dir.resolve("benign/b" + i + ".html"), "黄片 无码 色情 第" + i + "页");
    }
    Training.Result result = Training.train(dir, ClassifierSettings.defaults(), 500, 0.01);
    assertThat(result.lossAfter()).isLessThan(result.lossBefore());
    Map<String, Double> learned = new java.util.HashMap<>();
    for (String line : result.lexicon().split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 4) {
        learned.put(f[0], Double.parseDouble(f[2]));
      }
    }
    assertThat(learned.get("kw.zh.huangpian")).isLessThan(1.8);
    assertThat(learned.get("kw.zh.seqing")).isLessThan(1.8);
    assertThat(learned.get("kw.zh.chengren-shipin")).isGreaterThan(1.8);
  }

  @Test
  void aLearnedWeightKeepsTheSignOfItsCategoryAndTheOutputLoads(@TempDir Path dir)
      throws Exception {
    for (int i = 0; i < 3; i++) {
      write(dir.resolve("adult/a" + i + ".html"), "成人视频 第" + i + "部 福利视频");
      // a paid product that is not adult: its profit words only ever fire on benign pages
      write(dir.resolve("benign/b" + i + ".html"), "家长控制软件 开通VIP会员 包年 第" + i + "页");
    }
    Training.Result result = Training.train(dir, ClassifierSettings.defaults(), 2000, 0.0);
    Map<String, Double> learned = new java.util.HashMap<>();
    for (String line : result.lexicon().split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 4) {
        learned.put(f[0], Double.parseDouble(f[2]));
      }
    }
    assertThat(learned.get("kw.zh.kaitong-vip")).isNotNull().isGreaterThanOrEqualTo(0.0);
    Path file = dir.resolve("weights.txt");
    Files.writeString(file, result.lexicon(), StandardCharsets.UTF_8);
    assertThat(
            PageClassifier.load(ClassifierSettings.defaults().withLexiconFile(file))
                .lexiconVersion())
        .startsWith("custom-");
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "<html><body><p>" + text + "</p></body></html>", StandardCharsets.UTF_8);
  }

  @Test
  void trainingIsDeterministic() {
    Training.Result a = Training.train(pages(), ClassifierSettings.defaults(), 100, 0.1);
    Training.Result b = Training.train(pages(), ClassifierSettings.defaults(), 100, 0.1);
    assertThat(a.lexicon()).isEqualTo(b.lexicon());
  }

  @Test
  void aStrongPullTowardsTheWeightsInForceChangesLess() {
    Training.Result loose = Training.train(pages(), ClassifierSettings.defaults(), 1000, 0.0);
    Training.Result tight = Training.train(pages(), ClassifierSettings.defaults(), 1000, 50.0);
    assertThat(loose.lossAfter()).isLessThan(loose.lossBefore());
    assertThat(tight.rulesChanged()).isLessThan(loose.rulesChanged());
    assertThat(tight.lossAfter()).isGreaterThan(loose.lossAfter());
  }

  @Test
  void refusesAFolderWithoutBothLabels(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("benign"));
    Files.writeString(dir.resolve("benign/a.html"), "<p>tea</p>", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Training.train(dir, ClassifierSettings.defaults(), 10, 0.1))
        .hasMessageContaining("adult");
  }
}
