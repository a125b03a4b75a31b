package org.sitewatch.classifier.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextScanTest {
  private static final String[] QQ = {"QQ", "qq", "扣扣", "Q群"};
  private static final String[] PHONE = {"tel", "telegram", "电话", "📞"};
  private static final String[] OVERLAP = {"te", "tele"};

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      联系QQ：12345 或 qq 群    | 0 | 2,13
      tel: 123, telegram @abc  | 1 | 0,10
      Q群号 12345 电话 📞       | 0 | 0
      Q群号 12345 电话 📞       | 1 | 10,13
      teletel                  | 2 | 0,4
      nothing here             | 0 |
      """)
  void anchorsAreFoundAtEveryStartOncePerGroup(String text, int group, String positions) {
    int[][] found = new TextScan.Anchors(QQ, PHONE, OVERLAP).find(text);
    assertThat(found[group]).containsExactly(parse(positions));
  }

  @Test
  void anchorsAgreeWithPlainSearchOnRandomText() {
    String[][] groups = {QQ, PHONE, OVERLAP, {"q", "Q"}};
    TextScan.Anchors anchors = new TextScan.Anchors(groups);
    Random random = new Random(42);
    String alphabet = "qQtelgram扣群电话 📞e";
    for (int round = 0; round < 200; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = random.nextInt(80); k > 0; k--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      int[][] found = anchors.find(text);
      for (int g = 0; g < groups.length; g++) {
        assertThat(found[g])
            .as("group %d in '%s'", g, text)
            .containsExactly(naive(text, groups[g]));
      }
    }
  }

  private static int[] naive(String text, String[] anchors) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      for (String a : anchors) {
        if (text.startsWith(a, i)) {
          at.add(i);
          break;
        }
      }
    }
    return at.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] parse(String positions) {
    if (positions == null || positions.isBlank()) {
      return new int[0];
    }
    String[] parts = positions.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].strip());
    }
    return out;
  }
}
