package org.sitewatch.infra.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FarmContentTest {

  @Test
  void parsesManifestLinesSkippingCommentsAndBlankLines() {
    String manifest =
        "# host\tlanguage\tkind\texpectLead\tdescription\n"
            + "\n"
            + "www.huangse-vip.cn\tzh\tadult\ttrue\tpaid video site\n"
            + "news.jinghua-daily.cn\tzh\thard-negative\tfalse\tcrackdown news\n";

    assertThat(FarmContent.parseManifest(manifest))
        .containsExactly(
            new FarmSite("www.huangse-vip.cn", "zh", "adult", true, "paid video site"),
            new FarmSite("news.jinghua-daily.cn", "zh", "hard-negative", false, "crackdown news"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "www.a-site.cn\tzh\tadult\ttrue",
        "www.a-site.cn\tfr\tadult\ttrue\tunknown language",
        "www.a-site.cn\tzh\tshady\ttrue\tunknown kind",
        "www.a-site.cn\tzh\tadult\tyes\tnot a boolean",
        "WWW.A-SITE.CN\tzh\tadult\ttrue\tupper case host",
        "http://www.a-site.cn/\tzh\tadult\ttrue\ta URL, not a host",
      })
  void refusesMalformedManifestLines(String line) {
    assertThatThrownBy(() -> FarmContent.parseManifest(line))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void parsesHeaderLinesAndRefusesLinesWithoutName() {
    assertThat(FarmContent.parseHeaders("# comment\nRating: RTA-5042-1996-1400-1577-RTA\n"))
        .containsExactly(Map.entry("Rating", "RTA-5042-1996-1400-1577-RTA"));
    assertThatThrownBy(() -> FarmContent.parseHeaders("just text\n"))
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NONE",
      value = {
        "www.xihu-tea.cn, xihu-tea.cn",
        "meinv-zhibo.com, www.meinv-zhibo.com",
        "news.jinghua-daily.cn, NONE",
      })
  void aliasesBareAndWwwHostsButNotOtherSubdomains(String host, String alias) {
    assertThat(FarmContent.aliasOf(host).orElse(null)).isEqualTo(alias);
  }
}
