package org.sitewatch.infra.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaFarmTest {
  private static final List<FarmSite> SITES =
      List.of(
          new FarmSite("www.xihu-tea.cn", "zh", FarmSite.ORDINARY, false, "tea"),
          new FarmSite("meinv-zhibo.com", "zh", FarmSite.ADULT, true, "adult"),
          new FarmSite("news.jinghua-daily.cn", "zh", FarmSite.HARD_NEGATIVE, false, "news"));

  @ParameterizedTest(name = "{0} in copy {1} is {2}")
  @CsvSource({
    "www.xihu-tea.cn, 7, www.r07-xihu-tea.cn",
    "xihu-tea.cn, 7, r07-xihu-tea.cn",
    "news.jinghua-daily.cn, 12, news.r12-jinghua-daily.cn",
    "meinv-zhibo.com, 1, r01-meinv-zhibo.com"
  })
  void aCopyRenamesTheRegisteredDomainAndKeepsTheSubdomain(String host, int copy, String renamed) {
    assertThat(ReplicaFarm.rename(host, copy)).isEqualTo(renamed);
  }

  @Test
  void everyDemoDomainInAPageBecomesTheCopysSoLinksStayInsideTheCopy() {
    Pattern domains = ReplicaFarm.domainPattern(SITES);
    String page =
        "<a href=\"http://meinv-zhibo.com:{{PORT}}/a.html\">x</a>"
            + " <a href=\"http://www.xihu-tea.cn:{{PORT}}/\">y</a> news.jinghua-daily.cn";

    assertThat(ReplicaFarm.renameDomains(page, domains, 3))
        .isEqualTo(
            "<a href=\"http://r03-meinv-zhibo.com:{{PORT}}/a.html\">x</a>"
                + " <a href=\"http://www.r03-xihu-tea.cn:{{PORT}}/\">y</a> news.r03-jinghua-daily.cn");
  }

  @Test
  void aDomainInsideALongerNameIsLeftAlone() {
    Pattern domains = ReplicaFarm.domainPattern(SITES);

    assertThat(ReplicaFarm.renameDomains("http://my-meinv-zhibo.com.example/", domains, 2))
        .isEqualTo("http://my-meinv-zhibo.com.example/");
  }
}
