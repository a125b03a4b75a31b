package org.sitewatch.infra.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FarmHandlerTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "www.xihu-tea.cn:8080, www.xihu-tea.cn",
        "WWW.Xihu-Tea.CN, www.xihu-tea.cn",
        "www.xihu-tea.cn., www.xihu-tea.cn",
        "www.xihu-tea.cn.:80, www.xihu-tea.cn",
        "'[::1]:8080', '[::1]'",
        "NULL, ''",
      })
  void hostNameIsTheHostHeaderWithoutPort(String header, String host) {
    assertThat(FarmHandler.hostOf(header)).isEqualTo(host);
  }

  @ParameterizedTest
  @CsvSource({
    "/, index.html",
    "/vip.html, vip.html",
    "/video/list.html, video/list.html",
    "/member/, member/index.html",
    "/robots.txt, robots.txt",
  })
  void mapsRequestPathsToSiteFiles(String path, String file) {
    assertThat(FarmHandler.relativePath(path)).contains(file);
  }

  @ParameterizedTest
  @CsvSource({
    "/_headers",
    "/_charset",
    "/../sites.tsv",
    "/a/../../sites.tsv",
    "/./index.html",
    "/%2e%2e/sites.tsv",
    "//index.html",
    "/.hidden",
    "relative.html",
  })
  void refusesPathsThatCannotNameAServableFile(String path) {
    assertThat(FarmHandler.relativePath(path)).isEmpty();
  }
}
