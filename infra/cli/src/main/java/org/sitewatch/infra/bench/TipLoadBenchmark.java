package org.sitewatch.infra.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.web.crawl.KafkaCrawlRequests;
import org.sitewatch.web.publicsite.TipSiteServer;
import org.sitewatch.web.publicsite.TipSiteSettings;

/**
 * One run of the tip load benchmark: an embedded PostgreSQL (migrated, with the database roles), an
 * embedded Kafka broker, and the public tip-off site on loopback as the tips role, sending crawl
 * requests at once; then simulated reporters ({@link TipClient}), each with its own client address
 * in {@code X-Forwarded-For}, in three phases:
 *
 * <ol>
 *   <li>steady: every client reports its tips one after another, {@code concurrency} clients at a
 *       time (within the limits: what the throughput and latency figures describe);
 *   <li>flood: the first {@code flooders} clients report on past the per-client limit;
 *   <li>burst: fresh clients, one tip each, all at once, more than the global limit has left.
 * </ol>
 *
 * Then the loss check ({@link TipLossCheck}) and the cost of one proof of work at the real default.
 * The global window is meant to span the whole run, so that the burst meets a limit the earlier
 * phases used up.
 */
final class TipLoadBenchmark {
  /** The header the site is told to trust for the client address, as behind a reverse proxy. */
  static final String ADDRESS_HEADER = "X-Forwarded-For";

  /**
   * What to run.
   *
   * @param flooders clients that go on past the per-client limit in the flood phase
   * @param powSamples proofs of work solved at the real default to measure their cost (0: none)
   */
  record Settings(
      int clients,
      int tipsPerClient,
      int concurrency,
      int powBits,
      int perClientLimit,
      Duration perClientWindow,
      int globalLimit,
      Duration globalWindow,
      int flooders,
      int powSamples,
      int partitions,
      Path workDir) {
    Settings {
      if (clients < 1 || tipsPerClient < 1 || concurrency < 1) {
        throw new IllegalArgumentException("clients, tips per client and concurrency must be >= 1");
      }
      if (flooders < 0 || flooders > clients) {
        throw new IllegalArgumentException(
            "flooders must be between 0 and the clients: " + flooders);
      }
      if (powSamples < 0 || partitions < 1) {
        throw new IllegalArgumentException("pow samples >= 0 and partitions >= 1");
      }
      Objects.requireNonNull(workDir, "workDir");
      // the site's own checks (limits, windows, bits)
      siteSettings(perClientLimit, perClientWindow, globalLimit, globalWindow, powBits);
    }

    TipSiteSettings site() {
      return siteSettings(perClientLimit, perClientWindow, globalLimit, globalWindow, powBits);
    }

    private static TipSiteSettings siteSettings(
        int perClient, Duration perClientWindow, int global, Duration globalWindow, int bits) {
      TipSiteSettings d = TipSiteSettings.defaults();
      return new TipSiteSettings(
          perClient,
          perClientWindow,
          global,
          globalWindow,
          bits,
          d.challengeLifetime(),
          d.maxBodyBytes(),
          d.contactRetention(),
          false,
          Optional.of(ADDRESS_HEADER));
    }
  }

  private static final List<TipCategory> CATEGORIES = List.of(TipCategory.values());

  private final Settings settings;
  private final PrintWriter out;
  private final ConcurrentLinkedQueue<TipClient.Attempt> attempts = new ConcurrentLinkedQueue<>();

  TipLoadBenchmark(Settings settings, PrintWriter out) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.out = Objects.requireNonNull(out, "out");
  }

  TipLoadFigures run() throws Exception {
    Path dir = settings.workDir();
    Files.createDirectories(dir);
    String loadBefore = ProcStats.loadAverage();
    DatabaseRoles roles = DatabaseRoles.DEFAULTS;
    Topics topics = Topics.defaults();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.concurrency(), Threads.named("bench-tip-client").numbered().daemon());
    try (Database db = Database.local(dir.resolve("postgres"));
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      Migrations.migrate(db.dataSource(), roles, true);
      try (TopicAdmin admin = new TopicAdmin(kafka.clientProps())) {
        admin.createTopics(topics, settings.partitions(), (short) 1);
      }
      try (Database tipsDb = Database.external(db.login(roles.tips()));
          KafkaCrawlRequests requests =
              new KafkaCrawlRequests(kafka.clientProps(), topics.crawlRequests());
          TipSiteServer site =
              TipSiteServer.builder(tipsDb.dataSource())
                  .port(0)
                  .settings(settings.site())
                  .crawlRequests(requests)
                  .build()
                  .start()) {
        out.printf(
            "bench tips: public site at %s (tips role), broker %s, work folder %s%n",
            site.url(), kafka.bootstrapServers(), dir);
        out.flush();
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Phases phases = load(http, site.url(), pool);
        List<TipLossCheck.AcceptedTip> accepted =
            attempts.stream()
                .filter(a -> a.answer() == TipClient.Answer.ACCEPTED)
                .map(a -> new TipLossCheck.AcceptedTip(a.receipt(), a.url()))
                .toList();
        TipLoadFigures.Loss loss =
            TipLossCheck.check(
                db.dataSource(),
                kafka.clientProps(),
                topics.crawlRequests(),
                accepted,
                Duration.ofSeconds(30));
        TipLoadFigures.PowCost pow = powCost(TipSiteSettings.defaults().powBits());
        return figures(phases, pow, loss, loadBefore);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** When each phase ran and how much the burst sent. */
  private record Phases(long steadyAccepted, double steadySeconds, int burst) {}

  private Phases load(HttpClient http, URI base, ExecutorService pool) throws Exception {
    int limit = settings.perClientLimit();
    List<TipClient> clients = new ArrayList<>();
    for (int i = 0; i < settings.clients(); i++) {
      clients.add(new TipClient(http, base, ADDRESS_HEADER, address(i), limit));
    }
    // steady
    List<Callable<Void>> steady = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      int c = i;
      steady.add(
          () -> {
            for (int k = 0; k < settings.tipsPerClient(); k++) {
              report(clients.get(c), c, k);
            }
            return null;
          });
    }
    long t0 = System.nanoTime();
    runAll(pool, steady);
    double steadySeconds = (System.nanoTime() - t0) / 1e9;
    long steadyAccepted = accepted();
    progress("steady", steadyAccepted, steadySeconds);

    // flood: past the per-client limit
    int more = Math.max(0, limit - settings.tipsPerClient()) + 3;
    List<Callable<Void>> flood = new ArrayList<>();
    for (int i = 0; i < settings.flooders(); i++) {
      int c = i;
      flood.add(
          () -> {
            for (int k = 0; k < more; k++) {
              report(clients.get(c), c, settings.tipsPerClient() + k);
            }
            return null;
          });
    }
    long t1 = System.nanoTime();
    runAll(pool, flood);
    progress("flood", accepted() - steadyAccepted, (System.nanoTime() - t1) / 1e9);

    // burst: fresh clients, more than the global limit has left
    long before = accepted();
    int burst =
        (int) Math.max(0, settings.globalLimit() - before) + Math.max(10, settings.clients() / 2);
    List<Callable<Void>> fresh = new ArrayList<>();
    for (int j = 0; j < burst; j++) {
      int n = settings.clients() + j;
      TipClient client = new TipClient(http, base, ADDRESS_HEADER, address(n), limit);
      fresh.add(
          () -> {
            report(client, n, 0);
            return null;
          });
    }
    long t2 = System.nanoTime();
    runAll(pool, fresh);
    progress("burst", accepted() - before, (System.nanoTime() - t2) / 1e9);
    return new Phases(steadyAccepted, steadySeconds, burst);
  }

  private void report(TipClient client, int n, int k) {
    TipCategory category = CATEGORIES.get((n + k) % CATEGORIES.size());
    attempts.add(
        client.report(
            "http://shop-" + n + ".example.cn/item/" + k,
            category.label(),
            "Bench report " + n + "-" + k + ": the shop page asks for a paid membership."));
  }

  private void progress(String phase, long accepted, double seconds) {
    out.printf(
        "bench tips: %s phase: %,d accepted in %.2f s (%,d submissions so far)%n",
        phase, accepted, seconds, attempts.size());
    out.flush();
  }

  private long accepted() {
    return attempts.stream().filter(a -> a.answer() == TipClient.Answer.ACCEPTED).count();
  }

  private static void runAll(ExecutorService pool, List<Callable<Void>> tasks)
      throws InterruptedException, ExecutionException {
    for (Future<Void> f : pool.invokeAll(tasks)) {
      f.get();
    }
  }

  /**
   * A public-looking client address per simulated client: 11.x.y.z (a public block, not a
   * documentation one, which a site might refuse to believe).
   */
  static String address(int n) {
    int v = n + 1;
    return "11." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
  }

  private TipLoadFigures.PowCost powCost(int bits) {
    if (settings.powSamples() == 0) {
      return new TipLoadFigures.PowCost(bits, 0, -1, -1, -1, -1);
    }
    out.printf(
        "bench tips: solving %d proofs of work at %d bits...%n", settings.powSamples(), bits);
    out.flush();
    ProofOfWork pow = new ProofOfWork();
    Random random = new Random(42);
    List<Double> ms = new ArrayList<>();
    long hashes = 0;
    long total = 0;
    for (int i = 0; i < settings.powSamples(); i++) {
      String challenge = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
      long start = System.nanoTime();
      long nonce = pow.solve(challenge, bits);
      long took = System.nanoTime() - start;
      total += took;
      hashes += nonce + 1;
      ms.add(took / 1e6);
    }
    return new TipLoadFigures.PowCost(
        bits,
        ms.size(),
        TipLoadFigures.percentile(ms, 50),
        total / 1e6 / ms.size(),
        TipLoadFigures.percentile(ms, 100),
        hashes * 1e9 / total);
  }

  /** The {@code n} slowest accepted POSTs: "ms at +s", seconds from the first POST of the run. */
  private List<String> slowest(int n) {
    long first =
        attempts.stream()
            .mapToLong(TipClient.Attempt::postNanos)
            .filter(t -> t > 0)
            .min()
            .orElse(0);
    return attempts.stream()
        .filter(a -> a.answer() == TipClient.Answer.ACCEPTED)
        .sorted(java.util.Comparator.comparingDouble(TipClient.Attempt::postMs).reversed())
        .limit(n)
        .map(
            a ->
                String.format(
                    java.util.Locale.ROOT,
                    "%.0f ms at +%.1f s",
                    a.postMs(),
                    (a.postNanos() - first) / 1e9))
        .toList();
  }

  private TipLoadFigures figures(
      Phases phases, TipLoadFigures.PowCost pow, TipLoadFigures.Loss loss, String loadBefore) {
    List<Double> acceptedMs = new ArrayList<>();
    List<Double> refusedMs = new ArrayList<>();
    List<String> examples = new ArrayList<>();
    long perClient = 0;
    long global = 0;
    long other = 0;
    for (TipClient.Attempt a : attempts) {
      switch (a.answer()) {
        case ACCEPTED -> acceptedMs.add(a.postMs());
        case PER_CLIENT_LIMIT -> {
          perClient++;
          refusedMs.add(a.postMs());
        }
        case GLOBAL_LIMIT -> {
          global++;
          refusedMs.add(a.postMs());
        }
        case OTHER -> {
          other++;
          if (examples.size() < 5 && !examples.contains(a.detail())) {
            examples.add(a.detail());
          }
        }
      }
    }
    return new TipLoadFigures(
        settings,
        attempts.size(),
        acceptedMs.size(),
        perClient,
        global,
        other,
        examples,
        phases.burst(),
        phases.steadyAccepted(),
        phases.steadySeconds(),
        TipLoadFigures.percentile(acceptedMs, 50),
        TipLoadFigures.percentile(acceptedMs, 95),
        TipLoadFigures.percentile(acceptedMs, 99),
        TipLoadFigures.percentile(acceptedMs, 100),
        slowest(3),
        TipLoadFigures.percentile(refusedMs, 50),
        pow,
        loss,
        ProcStats.cpuCount(),
        loadBefore,
        ProcStats.loadAverage());
  }
}
