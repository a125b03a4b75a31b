package org.sitewatch.web.tips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.web.view.Messages;

/** The tips' texts: the same keys in both languages, every pattern one MessageFormat can read. */
class TipMessagesTest {
  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = TipMessagesTest.class.getResourceAsStream("/web/" + name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  static Set<String> tipKeys(Properties p) {
    Set<String> keys = new TreeSet<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("tips.") || k.equals("nav.tips")) {
        keys.add(k);
      }
    }
    return keys;
  }

  @Test
  void bothLanguagesHaveTheSameTipKeysAndEveryPatternParses() throws IOException {
    Properties en = load("messages.properties");
    Properties zh = load("messages_zh_CN.properties");
    assertThat(tipKeys(zh)).isEqualTo(tipKeys(en));
    for (Properties p : new Properties[] {en, zh}) {
      for (String k : tipKeys(p)) {
        assertThatCode(() -> new MessageFormat(p.getProperty(k), Locale.ROOT))
            .as(k)
            .doesNotThrowAnyException();
      }
    }
  }

  @Test
  void everyUrlProblemAndCategoryHasItsText() {
    for (Messages m : new Messages[] {Messages.of(Locale.ENGLISH), Messages.of(Messages.CHINESE)}) {
      for (ReportedUrls.Problem p : ReportedUrls.Problem.values()) {
        assertThat(m.t("tips.problem." + p.name(), 10, 2048)).as(p.name()).doesNotContain("??");
      }
      for (TipCategory c : TipCategory.values()) {
        assertThat(TipLabels.category(m, c.label())).isNotEqualTo(c.label());
      }
      assertThat(m.t("tips.lead.counted", 2, 3)).contains("2", "3");
    }
  }
}
