package org.sitewatch.infra.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.events.Json;
import org.sitewatch.events.SignalHit;

/** {@link JsonLine} writes exactly what {@link Json#mapper()} writes for a classify line. */
class JsonLineTest {
  private static final String[] AWKWARD = {
    "",
    "plain",
    "quote \" backslash \\ slash / </script>",
    "controls \u0000 \u0001 \b \t \n \f \r \u001f \u007f",
    "line separators \u2028 \u2029 and bom \ufeff",
    "成人视频 全角ＡＢＣ",
    "emoji \ud83d\ude00 lone surrogates \ud83d and \ude00",
    "…snippet with ellipses…",
  };

  private static final double[] NUMBERS = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.5e-7,
    1e-300,
    0.0015011822567369917,
    1.0e21,
    123456789.0,
    1e7,
    0.1 + 0.2,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
  };

  @Test
  void awkwardStringsAndNumbersAreWrittenAsTheMapperWritesThem() throws Exception {
    Random random = new Random(15);
    for (int round = 0; round < 200; round++) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("input", pick(random));
      if (random.nextBoolean()) {
        line.put("status", random.nextInt(600) - 1);
      }
      if (random.nextInt(4) == 0) {
        line.put("error", pick(random));
      } else {
        line.put("url", pick(random));
        line.put("score", NUMBERS[random.nextInt(NUMBERS.length)]);
        line.put("flagged", random.nextBoolean());
        line.put("categories", List.of(pick(random), pick(random)).subList(0, random.nextInt(3)));
        SignalHit hit =
            new SignalHit(
                "id " + pick(random),
                "cat " + pick(random),
                NUMBERS[random.nextInt(NUMBERS.length)],
                random.nextInt(Integer.MAX_VALUE),
                pick(random),
                pick(random));
        line.put("signals", random.nextBoolean() ? List.of(hit) : List.of(hit, hit));
        line.put("lexiconVersion", pick(random));
      }

      assertThat(JsonLine.of(line)).isEqualTo(Json.mapper().writeValueAsString(line));
    }
  }

  @Test
  void realPageScoresAreWrittenAsTheMapperWritesThem() throws Exception {
    PageClassifier classifier = PageClassifier.load(ClassifierSettings.defaults());
    String[] pages = {
      "<html><title>Free porn videos 成人视频</title><body><p>18+ only. Enter if you are"
          + " 18 or older. Watch free sex videos, hot girls, live cams. 在线观看 无码 AV"
          + " 充值会员 VIP</p><a href=/join>Join now</a></body></html>",
      "<html><body><p>The free encyclopedia from Wikipedia. Weather, recipes and football"
          + " results.</p></body></html>",
    };
    int signals = 0;
    for (String html : pages) {
      PageScore score =
          classifier.classify(
              new PageInput("https://example.test/page", html, "text/html", Map.of()));
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("input", Path.of("/tmp/page.html").toString());
      line.put("url", score.url());
      line.put("score", score.score());
      line.put("flagged", score.flagged());
      line.put("categories", score.categories());
      line.put("signals", score.signals());
      line.put("lexiconVersion", classifier.lexiconVersion());
      signals += score.signals().size();

      assertThat(JsonLine.of(line)).isEqualTo(Json.mapper().writeValueAsString(line));
    }
    assertThat(signals).isPositive();
  }

  @Test
  void aValueOfAnotherTypeGoesToTheMapper() throws Exception {
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("input", "x");
    time.put("at", Instant.parse("2026-12-07T16:00:00Z"));
    Map<String, Object> missing = new LinkedHashMap<>();
    missing.put("input", "x");
    missing.put("missing", null);
    Map<String, Object> longNumber = new LinkedHashMap<>();
    longNumber.put("input", "x");
    longNumber.put("long", List.of(5L));

    assertThat(JsonLine.of(time)).isEqualTo("{\"input\":\"x\",\"at\":\"2026-12-07T16:00:00Z\"}");
    assertThat(JsonLine.of(missing)).isEqualTo("{\"input\":\"x\"}");
    assertThat(JsonLine.of(longNumber)).isEqualTo("{\"input\":\"x\",\"long\":[5]}");
  }

  private static String pick(Random random) {
    return AWKWARD[random.nextInt(AWKWARD.length)];
  }
}
