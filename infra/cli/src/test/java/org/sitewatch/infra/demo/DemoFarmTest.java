package org.sitewatch.infra.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The farm served on a loopback ephemeral port, spoken to with explicit Host headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoFarmTest {

  private static final Instant NOW = Instant.parse("2024-06-12T08:00:00Z");
  private static final Charset GBK = Charset.forName("GBK");
  private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
  private static final String MARKER = "<!-- Sitewatch demo page: fictional, mild wording -->";

  private InetAddress loopback;
  private DemoFarm farm;
  private RawHttp http;

  @BeforeAll
  void startFarm() throws IOException {
    loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    farm = DemoFarm.start(loopback, 0, Clock.fixed(NOW, ZoneOffset.UTC));
    http = new RawHttp(loopback, farm.port());
  }

  @AfterAll
  void stopFarm() {
    farm.close();
  }

  @Test
  void manifestListsAtLeastTwelveSitesOfEveryKindInBothLanguages() {
    List<FarmSite> sites = farm.sites();

    assertThat(sites).hasSizeGreaterThanOrEqualTo(12);
    assertThat(sites).extracting(FarmSite::language).contains("zh", "en");
    assertThat(sites.stream().filter(s -> s.kind().equals(FarmSite.ADULT)))
        .hasSizeGreaterThanOrEqualTo(5)
        .allMatch(FarmSite::expectLead);
    assertThat(sites.stream().filter(s -> s.kind().equals(FarmSite.HARD_NEGATIVE)))
        .hasSizeGreaterThanOrEqualTo(3)
        .noneMatch(FarmSite::expectLead);
    assertThat(sites.stream().filter(s -> s.kind().equals(FarmSite.ORDINARY)))
        .isNotEmpty()
        .noneMatch(FarmSite::expectLead);
    assertThat(sites).extracting(FarmSite::host).doesNotHaveDuplicates();
  }

  @Test
  void resolveTableMapsEveryHostAndAliasToTheBindAddress() {
    Map<String, String> table = farm.resolveTable();

    assertThat(table.keySet())
        .containsAll(farm.sites().stream().map(FarmSite::host).toList())
        .contains("www.meinv-zhibo.com", "huangse-vip.cn");
    assertThat(table.values()).containsOnly("127.0.0.1");
    FarmSite tea = site("www.xihu-tea.cn");
    assertThat(farm.seedUrl(tea)).isEqualTo("http://www.xihu-tea.cn:" + farm.port() + "/");
  }

  @Test
  void servesEveryHomePageAsHtmlInTheSiteCharset() throws IOException {
    for (FarmSite site : farm.sites()) {
      RawHttp.Response home = http.get(site.host() + ":" + farm.port(), "/");

      String expectedCharset = site.host().equals("av-tiantang.net") ? "GBK" : "UTF-8";
      assertThat(home.status()).as(site.host()).isEqualTo(200);
      assertThat(home.header("Content-Type"))
          .as(site.host())
          .isEqualTo("text/html; charset=" + expectedCharset);
      assertThat(home.text(Charset.forName(expectedCharset)))
          .as(site.host())
          .contains(MARKER, "</html>")
          .doesNotContainIgnoringCase("<img");
    }
  }

  @Test
  void servesTheWwwAliasOfABareHost() throws IOException {
    RawHttp.Response viaAlias = http.get("www.meinv-zhibo.com", "/");
    RawHttp.Response viaHost = http.get("meinv-zhibo.com", "/");

    assertThat(viaAlias.status()).isEqualTo(200);
    assertThat(viaAlias.body()).isEqualTo(viaHost.body());
  }

  @Test
  void replacesThePortPlaceholderInCrossSiteLinks() throws IOException {
    String page = http.get("www.huangse-vip.cn", "/").text(UTF_8);

    assertThat(page)
        .contains("href=\"http://av-tiantang.net:" + farm.port() + "/\"")
        .doesNotContain("{{PORT}}");
  }

  @Test
  void servesTheGbkSiteEncodedAsGbk() throws IOException {
    RawHttp.Response page = http.get("av-tiantang.net", "/list-2.html");

    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=GBK");
    assertThat(page.text(GBK)).contains("热门排行", "色情影片 本周第一名（免费视频）");
    assertThat(page.text(UTF_8)).doesNotContain("热门排行");
  }

  @Test
  void labelsEveryResponseOfTheRtaSiteWithARatingHeader() throws IOException {
    String rta = "RTA-5042-1996-1400-1577-RTA";

    assertThat(http.get("adultvideo-club.net", "/").header("Rating")).isEqualTo(rta);
    assertThat(http.get("adultvideo-club.net", "/no-such-page.html").header("Rating"))
        .isEqualTo(rta);
    assertThat(http.get("www.hot-cams-live.com", "/").header("Rating")).isNull();
  }

  @Test
  void labelsTheLiveSiteWithAnRtaMetaTag() throws IOException {
    assertThat(http.get("meinv-zhibo.com", "/").text(UTF_8))
        .contains("<meta name=\"rating\" content=\"RTA-5042-1996-1400-1577-RTA\">");
  }

  @Test
  void answersUnknownOrMissingHostWith404() throws IOException {
    RawHttp.Response unknown = http.get("www.not-in-the-farm.cn:" + farm.port(), "/");
    RawHttp.Response none = http.get(null, "/");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text(UTF_8)).contains("No demo site");
    assertThat(none.status()).isEqualTo(404);
  }

  @Test
  void answersMissingPagesAndControlFilesWith404() throws IOException {
    assertThat(http.get("www.xihu-tea.cn", "/missing.html").status()).isEqualTo(404);
    assertThat(http.get("www.xihu-tea.cn", "/robots.txt").status()).isEqualTo(404);
    assertThat(http.get("www.huangse-vip.cn", "/video").status()).isEqualTo(404);
    assertThat(http.get("www.huangse-vip.cn", "/video/").status()).isEqualTo(404);
    assertThat(http.get("adultvideo-club.net", "/_headers").status()).isEqualTo(404);
    assertThat(http.get("av-tiantang.net", "/_charset").status()).isEqualTo(404);
    assertThat(http.get("www.xihu-tea.cn", "/../sites.tsv").status()).isEqualTo(404);
    assertThat(http.get("www.xihu-tea.cn", "/%2e%2e/sites.tsv").status()).isEqualTo(404);
  }

  @Test
  void servesRobotsTxtWhereTheSiteHasOne() throws IOException {
    RawHttp.Response robots = http.get("www.lvxing-jiangnan.cn", "/robots.txt");

    assertThat(robots.status()).isEqualTo(200);
    assertThat(robots.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
    assertThat(robots.text(UTF_8)).contains("Disallow: /booking.html");
  }

  @Test
  void answersHeadWithoutBodyAndRefusesOtherMethods() throws IOException {
    RawHttp.Response head = http.request("HEAD", "www.xihu-tea.cn", "/");
    RawHttp.Response post = http.request("POST", "www.xihu-tea.cn", "/");

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(Integer.parseInt(head.header("Content-Length"))).isPositive();
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void everyLinkOfEveryPageLeadsToAServedPageOfTheFarm() throws IOException {
    Set<String> farmHosts = farm.resolveTable().keySet();
    for (FarmSite site : farm.sites()) {
      Charset charset = site.host().equals("av-tiantang.net") ? GBK : UTF_8;
      URI seed = URI.create(farm.seedUrl(site));
      Set<URI> pages = new LinkedHashSet<>();
      Deque<URI> queue = new ArrayDeque<>(List.of(seed));
      while (!queue.isEmpty()) {
        URI page = queue.removeFirst();
        if (!pages.add(page)) {
          continue;
        }
        RawHttp.Response response = http.get(site.host(), page.getRawPath());
        assertThat(response.status()).as(page.toString()).isEqualTo(200);
        String html = response.text(charset);
        assertThat(html).as(page.toString()).contains(MARKER).doesNotContain("{{PORT}}");
        for (String href : hrefs(html)) {
          URI target = page.resolve(href);
          assertThat(farmHosts).as(href + " on " + page).contains(target.getHost());
          assertThat(target.getPort()).as(href + " on " + page).isEqualTo(farm.port());
          if (target.getHost().equals(site.host())) {
            assertThat(href).as("internal links are relative: " + page).doesNotStartWith("/");
            assertThat(href).as("internal links are relative: " + page).doesNotContain("://");
            queue.add(target.normalize());
          } else {
            RawHttp.Response other = http.get(target.getHost(), target.getRawPath());
            assertThat(other.status()).as(href + " on " + page).isEqualTo(200);
          }
        }
      }
      assertThat(pages.size()).as(site.host() + " pages " + pages).isBetween(3, 6);
    }
  }

  @Test
  void recordsEveryRequestInTheLog() throws IOException {
    http.get("www.xihu-tea.cn:" + farm.port(), "/products.html?from=test");
    http.get("nowhere.not-in-the-farm.org", "/a.html");

    assertThat(farm.requestLog())
        .contains(
            new RequestLogEntry(NOW, "www.xihu-tea.cn", "/products.html", 200),
            new RequestLogEntry(NOW, "nowhere.not-in-the-farm.org", "/a.html", 404));
  }

  @Test
  void closeFreesThePortAndIsIdempotent() throws IOException {
    DemoFarm own = DemoFarm.start(loopback, 0);
    int port = own.port();
    assertThat(new RawHttp(loopback, port).get("www.xihu-tea.cn", "/").status()).isEqualTo(200);

    own.close();
    own.close();

    try (ServerSocket again = new ServerSocket(port, 1, loopback)) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void refusesToBindOutsideLoopback() throws UnknownHostException {
    InetAddress documentation = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});

    assertThatThrownBy(() -> DemoFarm.start(documentation, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void refusesSeedUrlForASiteOfAnotherFarm() {
    FarmSite stranger =
        new FarmSite("www.elsewhere.cn", "zh", FarmSite.ORDINARY, false, "not in the farm");

    assertThatThrownBy(() -> farm.seedUrl(stranger)).isInstanceOf(IllegalArgumentException.class);
  }

  private FarmSite site(String host) {
    return farm.sites().stream().filter(s -> s.host().equals(host)).findFirst().orElseThrow();
  }

  private static List<String> hrefs(String html) {
    List<String> found = new ArrayList<>();
    Matcher m = HREF.matcher(html);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found.stream().distinct().collect(Collectors.toList());
  }
}
