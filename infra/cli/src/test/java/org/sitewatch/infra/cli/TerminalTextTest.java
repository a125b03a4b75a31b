package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.Json;

class TerminalTextTest {
  @ParameterizedTest(name = "U+{0} is shown as {1}")
  @CsvSource({
    "001b, \\u001b",
    "0007, \\u0007",
    "0008, \\u0008",
    "000d, \\u000d",
    "0000, \\u0000",
    "007f, \\u007f",
    "009b, \\u009b",
    "0085, \\u0085",
    "202a, \\u202a",
    "202e, \\u202e",
    "2066, \\u2066",
    "2069, \\u2069",
    "200f, \\u200f",
    "061c, \\u061c"
  })
  void controlAndBidiCharactersAreShownVisibly(String hex, String shown) {
    String c = String.valueOf((char) Integer.parseInt(hex, 16));
    assertThat(TerminalText.escape("a" + c + "b")).isEqualTo("a" + shown + "b");
  }

  @Test
  void ordinaryTextNewlinesAndTabsPassUnchanged() {
    String text = "福利影院 - 成人视频\t¥30/月\nwww.example.cn/a?b=c ü";
    assertThat(TerminalText.escape(text)).isSameAs(text);
  }

  @Test
  void theSafeWriterEscapesEveryWayOfWriting() {
    StringWriter sink = new StringWriter();
    PrintWriter out = TerminalText.safe(new PrintWriter(sink));
    out.printf("title %s%n", "\u001b]0;owned\u0007");
    out.print('\u001b');
    out.write("x\u202ey".toCharArray(), 0, 3);
    out.flush();
    assertThat(sink.toString()).isEqualTo("title \\u001b]0;owned\\u0007\n\\u001bx\\u202ey");
  }

  @Test
  void jacksonEscapesControlsAndJsonThroughTheSafeWriterKeepsTheExactValue() throws Exception {
    String hostile = "\u001b]0;owned\u0007\u001b[2J \u202egnp.exe \u0085";
    String json = Json.mapper().writeValueAsString(Map.of("snippet", hostile));
    assertThat(json).doesNotContain("\u001b", "\u0007").contains("\\u001B]0;owned\\u0007");

    StringWriter sink = new StringWriter();
    PrintWriter out = TerminalText.safe(new PrintWriter(sink));
    out.println(json);
    out.flush();
    assertThat(sink.toString()).doesNotContain("\u001b", "\u0007", "\u202e", "\u0085");
    assertThat(Json.mapper().readTree(sink.toString()).get("snippet").asText()).isEqualTo(hostile);
  }
}
