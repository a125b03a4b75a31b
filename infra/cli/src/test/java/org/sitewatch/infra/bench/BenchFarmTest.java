package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bench farm on a loopback ephemeral port, spoken to with explicit Host headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchFarmTest {
  private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

  private final AtomicLong clock = new AtomicLong(1_000);
  private BenchFarm farm;

  @BeforeAll
  void start() throws IOException {
    farm = BenchFarm.start(3, 50, 2, () -> clock.getAndAdd(1_000));
  }

  @AfterAll
  void stop() {
    farm.close();
  }

  private record Response(int status, String body) {}

  private Response get(String host, String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", farm.port()), 5_000);
      socket.setSoTimeout(5_000);
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + ":"
              + farm.port()
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      return new Response(status, raw.substring(raw.indexOf("\r\n\r\n") + 4));
    }
  }

  @Test
  void servesEveryPageOfASiteWithinDepthThreeOfItsHomePage() throws IOException {
    Map<String, Integer> depth = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of("/"));
    depth.put("/", 0);
    while (!queue.isEmpty()) {
      String path = queue.removeFirst();
      Response page = get("site0002.test", path);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body().length()).isBetween(18 * 1024, 42 * 1024);
      Matcher links = HREF.matcher(page.body());
      while (links.find()) {
        if (depth.putIfAbsent(links.group(1), depth.get(path) + 1) == null) {
          queue.add(links.group(1));
        }
      }
    }

    assertThat(depth).hasSize(50);
    assertThat(depth.values()).allMatch(d -> d <= BenchFarm.MAX_DEPTH);
  }

  @ParameterizedTest(name = "{0}{1} -> {2}")
  @CsvSource({
    "site0001.test, /robots.txt, 200",
    "site0003.test, /p/49.html, 200",
    "site0003.test, /p/50.html, 404",
    "site0004.test, /, 404",
    "www.example.test, /, 404",
  })
  void answersByHostHeader(String host, String path, int status) throws IOException {
    assertThat(get(host, path).status()).isEqualTo(status);
  }

  @Test
  void tellsSitesApartByHostAndServesTheSamePageTheSameWayTwice() throws IOException {
    String one = get("site0001.test", "/p/7.html").body();

    assertThat(get("site0001.test", "/p/7.html").body()).isEqualTo(one);
    assertThat(get("site0002.test", "/p/7.html").body())
        .isNotEqualTo(one)
        .contains("site0002.test page 7");
  }

  @Test
  void logsEveryRequestWithHostPathAndArrivalTime() throws IOException {
    int before = farm.requestLog().size();

    get("site0003.test", "/p/3.html");
    get("site0003.test", "/robots.txt");

    List<BenchFarm.Request> added = farm.requestLog().subList(before, before + 2);
    assertThat(added).extracting(BenchFarm.Request::host).containsOnly("site0003.test");
    assertThat(added)
        .extracting(BenchFarm.Request::path)
        .containsExactly("/p/3.html", "/robots.txt");
    assertThat(added.get(1).nanos()).isGreaterThan(added.get(0).nanos());
    assertThat(added.get(0).bytes()).isGreaterThan(18 * 1024);
  }

  @ParameterizedTest(name = "{0} pages within depth {1}: fan-out {2}")
  @CsvSource({"50, 3, 4", "1, 3, 1", "4, 3, 1", "5, 3, 2", "1000, 3, 10"})
  void choosesTheSmallestFanOutThatReachesEveryPage(int pages, int depth, int fanOut) {
    assertThat(BenchFarm.fanOut(pages, depth)).isEqualTo(fanOut);
  }

  @Test
  void resolvesEveryHostToLoopbackOnly() {
    assertThat(farm.resolveTable())
        .containsOnlyKeys("site0001.test", "site0002.test", "site0003.test");
    assertThat(farm.resolveTable().values()).containsOnly("127.0.0.1");
  }

  @ParameterizedTest(name = "{1} of {0} sites adult")
  @CsvSource({"10, 0.3, 3", "6, 0.5, 3", "7, 0.0, 0", "7, 1.0, 7", "200, 0.25, 50"})
  void drawsTheAdultSitesAsTheRoundedShareTheSameForTheSameSeed(
      int hosts, double share, int adult) {
    var sites = BenchFarm.adultSites(hosts, share, 42);

    assertThat(sites).hasSize(adult).allMatch(i -> i >= 0 && i < hosts);
    assertThat(BenchFarm.adultSites(hosts, share, 42)).isEqualTo(sites);
  }

  @Test
  void onlyTheAdultSitesOfAMixedFarmCarryTheVideoClubText() throws IOException {
    try (BenchFarm mixed = BenchFarm.start(2, 5, 1, System::nanoTime, site -> site == 1)) {
      String neutral = new String(mixed.page(0, 3), StandardCharsets.UTF_8);
      String adult = new String(mixed.page(1, 3), StandardCharsets.UTF_8);

      assertThat(neutral).contains("Town notes").doesNotContain("adult").doesNotContain("Video");
      assertThat(adult).contains("Video club").contains("adult videos");
      assertThat(neutral.length()).isGreaterThan(18 * 1024);
    }
  }
}
