package org.sitewatch.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.demo.DemoFarm;
import org.sitewatch.infra.demo.FarmSite;
import org.sitewatch.sink.lead.Lead;

/**
 * The persistent local mode on real components: a pipeline run on a data folder leaves its leads
 * and topics there; the lead commands read them with {@code --data-dir}, a second pipeline on the
 * folder reopens the same broker and database, and a held folder is refused.
 */
class PersistentLocalModeIT {
  private static final PipelineListener QUIET = (lead, result) -> {};

  @Test
  void aClosedRunsLeadsAndTopicsAreThereForTheLeadCommandsAndTheNextRun(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("data");
    try (DemoFarm farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0)) {
      SitewatchConfig config = config(farm, dir, tmp);
      // a few sites, some that become leads and one that does not
      var sites =
          farm.sites().stream().filter(FarmSite::expectLead).limit(3).collect(Collectors.toList());
      farm.sites().stream().filter(s -> !s.expectLead()).findFirst().ifPresent(sites::add);
      Set<String> leads;
      Set<String> seeded;
      try (LocalPipeline first = LocalPipeline.start(config, Clock.systemUTC(), QUIET)) {
        seeded = first.seed(sites.stream().map(farm::seedUrl).toList(), CrawlRequest.Source.SEED);
        assertThat(first.awaitIdle(seeded, config.local().idleTimeout())).isTrue();
        leads = sites(first);
        assertThat(leads).hasSize(3);

        // held: neither a second pipeline nor a lead command may open the folder
        assertThatThrownBy(() -> LocalPipeline.start(config, Clock.systemUTC(), QUIET))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is in use by another Sitewatch");
        Result held = run("lead", "list", "--data-dir", dir.toString());
        assertThat(held.code).isEqualTo(2);
        assertThat(held.err).contains("is in use by another Sitewatch");
      }
      assertThat(dir.resolve("kafka/meta.properties")).exists();
      assertThat(dir.resolve("postgres/PG_VERSION")).exists();

      // (a) the lead commands read the closed run's lead store
      Result list = run("lead", "list", "--data-dir", dir.toString(), "--json");
      assertThat(list.code).as(list.err).isZero();
      assertThat(leads).allSatisfy(site -> assertThat(list.out).contains(site));
      Result stats = run("stats", "--json", "--data-dir", dir.toString());
      assertThat(stats.code).as(stats.err).isZero();

      // (b) the next run reopens the same broker and database
      long start = System.nanoTime();
      try (LocalPipeline second = LocalPipeline.start(config, Clock.systemUTC(), QUIET)) {
        long reopenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("PersistentLocalModeIT: reopened the data folder in %d ms%n", reopenMs);
        assertThat(sites(second)).isEqualTo(leads);
        Topics topics = config.topics();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", second.bootstrapServers()))) {
          assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
              .contains(
                  topics.crawlRequests(), topics.pages(), topics.verdicts(), topics.outcomes());
        }
        // the records are there too: the outcome watcher reads the first run's outcomes again
        assertThat(awaitCrawled(second, seeded)).isTrue();
      }
    }
  }

  @Test
  void refusesBothFlagsAndAFolderThatIsNotADataFolder(@TempDir Path tmp) throws Exception {
    Result both =
        run("lead", "list", "--data-dir", tmp.toString(), "--jdbc-url", "jdbc:postgresql://x/y");
    assertThat(both.code).isEqualTo(2);
    assertThat(both.err).contains("either --data-dir or --jdbc-url");

    Path other = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(other.resolve("holiday.jpg"), "not a data folder");
    Result foreign = run("lead", "list", "--data-dir", other.toString());
    assertThat(foreign.code).isEqualTo(2);
    assertThat(foreign.err).contains("is not a Sitewatch data folder");
    assertThat(other.resolve(DataDir.MARKER)).doesNotExist();

    Result empty = run("lead", "list", "--data-dir", tmp.resolve("new").toString());
    assertThat(empty.code).isNotZero();
    assertThat(empty.err).contains("holds no lead database yet");
  }

  @Test
  void aHeldFolderIsRefusedUntilReleased(@TempDir Path tmp) {
    try (DataDir held = DataDir.open(tmp.resolve("d"))) {
      assertThat(held.dir().resolve(DataDir.MARKER)).exists();
      assertThatThrownBy(() -> DataDir.open(tmp.resolve("d")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is in use by another Sitewatch");
    }
    DataDir.open(tmp.resolve("d")).close();
  }

  private static boolean awaitCrawled(LocalPipeline pipeline, Set<String> sites)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (pipeline.crawledSites().containsAll(sites)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static Set<String> sites(LocalPipeline pipeline) {
    return pipeline.leads().stream().map(Lead::site).collect(Collectors.toCollection(TreeSet::new));
  }

  private static SitewatchConfig config(DemoFarm farm, Path dir, Path tmp) {
    Map<String, String> settings = new HashMap<>();
    settings.put("local.data-dir", dir.toString());
    settings.put("local.persistent", "true");
    settings.put("crawler.warc-dir", tmp.resolve("warc").toString());
    settings.put("crawler.allow-private-addresses", "true");
    settings.put("crawler.only-resolved-hosts", "true");
    settings.put("crawler.politeness-delay", "50ms");
    settings.put("local.idle-quiet-period", "1s");
    settings.put("local.idle-timeout", "3m");
    settings.put(
        "crawler.resolve",
        farm.resolveTable().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    return ConfigLoader.load(Optional.empty(), Map.of(), settings);
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
