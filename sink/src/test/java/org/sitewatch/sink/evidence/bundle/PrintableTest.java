package org.sitewatch.sink.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrintableTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ESC and BEL retitle a terminal | \\u001b]0;owned\\u0007       | \\u241b]0;owned\\u2407
      CSI clears the screen          | \\u001b[2J                  | \\u241b[2J
      C1 control                     | a\\u009bb                   | a\\\\x9bb
      DEL                            | a\\u007fb                   | a\\u2421b
      right-to-left override         | \\u202egnp.exe              | <U+202E>gnp.exe
      line separator                 | a\\u2028b                   | a<U+2028>b
      plain Chinese text stays       | 客服QQ 12345678              | 客服QQ 12345678
      """)
  void controlAndBidiCharactersBecomeVisibleText(String what, String raw, String shown) {
    assertThat(Printable.of(unescape(raw))).isEqualTo(unescape(shown));
  }

  @Test
  void surrogatePairsStayAndLoneHalvesAreReplaced() {
    assertThat(Printable.of("a\uD83D\uDE00b")).isEqualTo("a\uD83D\uDE00b");
    assertThat(Printable.of("a\uD83Db")).isEqualTo("a\uFFFDb");
    assertThat(Printable.of("a\uDE00b")).isEqualTo("a\uFFFDb");
  }

  /**
   * {@code \\uXXXX} and {@code \\\\} in the table, so that the table itself holds no control
   * characters.
   */
  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
