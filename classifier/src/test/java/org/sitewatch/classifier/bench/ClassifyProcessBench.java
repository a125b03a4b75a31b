package org.sitewatch.classifier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sitewatch classify} as a new user runs it (one process, start-up included) against the
 * baseline of {@link ClassifierBench} run the same way ({@link BaselineScan}: a JVM of its own that
 * reads the same files, parses them with jsoup and runs a 5,000-entry Aho-Corasick trie).
 *
 * <p>Not a unit test (it lives with the tests so that its baseline library stays out of the
 * application). Build the jar and the test classes, then, from the repository root:
 *
 * <pre>
 * mvn -B -o -q -pl infra/cli -am package -DskipTests
 * mvn -B -o -q -pl classifier -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * java -cp classifier/target/classes:classifier/target/test-classes:events/target/classes:$(cat classifier/target/cp.txt) \
 *     org.sitewatch.classifier.bench.ClassifyProcessBench ../shared/data/html [--pages 3000] [--rounds 3] \
 *     [--jar [NAME=]JAR]... [--json FILE] [--lexicon E2G_FILE]
 * </pre>
 *
 * It writes the generated pages ({@link ClassifierBench#buildPages}) to a temporary folder with a
 * list file, then runs, in each round, the baseline and {@code java -jar JAR classify --input LIST}
 * for each jar given (default {@code infra/cli/target/sitewatch.jar}), the order rotating from
 * round to round so that every side sees the same load. Per run it prints the wall time, the
 * child's CPU time (user + system, read as the children's times of this process from {@code
 * /proc/self/stat} around the wait, so it includes every thread of the child: JIT, GC), pages/s,
 * the peak resident memory last seen in {@code /proc/PID/status} and the time relative to the
 * baseline of the same round (the target is {@code <= 1.5}). It checks that every jar printed the
 * same output as the first one.
 */
public final class ClassifyProcessBench {
  /** USER_HZ: the unit of the times in {@code /proc/PID/stat}; 100 on every Linux we run on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ClassifyProcessBench() {}

  record Run(double wallSeconds, double cpuSeconds, long peakRssKb) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: ClassifyProcessBench HTML_DIR [--pages N] [--rounds N] [--jar [NAME=]JAR]..."
              + " [--json FILE] [--lexicon E2G_FILE]");
      System.exit(2);
    }
    Path htmlDir = Path.of(args[0]);
    int pageCount = 3000;
    int rounds = 3;
    Path json = null;
    Path lexicon = null;
    Map<String, Path> jars = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pages" -> pageCount = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--json" -> json = Path.of(args[i + 1]);
        case "--lexicon" -> lexicon = Path.of(args[i + 1]);
        case "--jar" -> {
          String v = args[i + 1];
          int eq = v.indexOf('=');
          String name = eq > 0 ? v.substring(0, eq) : "classify#" + (jars.size() + 1);
          jars.put(name, Path.of(eq > 0 ? v.substring(eq + 1) : v));
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (jars.isEmpty()) {
      jars.put("classify", Path.of("infra/cli/target/sitewatch.jar"));
    }
    for (Path jar : jars.values()) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("no jar at " + jar);
      }
    }

    Path work = Files.createTempDirectory("classify-process-bench");
    List<String> pages = ClassifierBench.buildPages(ClassifierBench.readHtml(htmlDir), pageCount);
    List<String> paths = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < pages.size(); i++) {
      Path p = work.resolve(String.format(Locale.ROOT, "page-%05d.html", i));
      byte[] b = pages.get(i).getBytes(StandardCharsets.UTF_8);
      Files.write(p, b);
      bytes += b.length;
      paths.add(p.toString());
    }
    Path list = work.resolve("pages.txt");
    Files.write(list, paths, StandardCharsets.UTF_8);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> baselineCmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BaselineScan.class.getName(),
                list.toString()));
    if (lexicon != null) {
      baselineCmd.addAll(List.of("--lexicon", lexicon.toString()));
    }
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("baseline", baselineCmd);
    for (var e : jars.entrySet()) {
      commands.put(
          e.getKey(),
          List.of(java, "-jar", e.getValue().toString(), "classify", "--input", list.toString()));
    }
    System.out.printf(
        Locale.ROOT,
        "%d pages, %.1f KB average, in %s; %d rounds; %d cores; load average %s%n",
        pages.size(),
        bytes / 1024.0 / pages.size(),
        work,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    commands.forEach((name, cmd) -> System.out.println("  " + name + ": " + String.join(" ", cmd)));

    List<String> names = new ArrayList<>(commands.keySet());
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    names.forEach(n -> runs.put(n, new ArrayList<>()));
    Map<String, Path> firstOutput = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      Map<String, Run> round = new LinkedHashMap<>();
      for (int k = 0; k < names.size(); k++) {
        String name = names.get((k + r) % names.size());
        Path out = work.resolve("out-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
        Path err = work.resolve("err-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
        Run run = run(commands.get(name), out, err);
        round.put(name, run);
        runs.get(name).add(run);
        if (r == 0) {
          firstOutput.put(name, out);
        }
      }
      double base = round.get("baseline").wallSeconds();
      double baseCpu = round.get("baseline").cpuSeconds();
      System.out.printf(Locale.ROOT, "round %d (load %s)%n", r + 1, loadAverage());
      for (String name : names) {
        Run run = round.get(name);
        System.out.printf(
            Locale.ROOT,
            "  %-12s wall %6.2f s  cpu %6.2f s  %7.1f pages/s  %5.2f ms cpu/page  peak rss %4d MB"
                + "  wall x%.2f cpu x%.2f of baseline%n",
            name,
            run.wallSeconds(),
            run.cpuSeconds(),
            pages.size() / run.wallSeconds(),
            run.cpuSeconds() * 1000 / pages.size(),
            run.peakRssKb() / 1024,
            run.wallSeconds() / base,
            run.cpuSeconds() / baseCpu);
      }
    }

    StringBuilder js = new StringBuilder("{\"pages\":").append(pages.size());
    js.append(",\"rounds\":").append(rounds).append(",\"runs\":{");
    System.out.println("median over rounds (target: classify wall <= 1.5 x baseline)");
    double baseWall = median(runs.get("baseline"), Run::wallSeconds);
    double baseCpu = median(runs.get("baseline"), Run::cpuSeconds);
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k);
      double wall = median(runs.get(name), Run::wallSeconds);
      double cpu = median(runs.get(name), Run::cpuSeconds);
      System.out.printf(
          Locale.ROOT,
          "  %-12s wall %6.2f s  cpu %6.2f s  %7.1f pages/s  wall x%.2f  cpu x%.2f of baseline%n",
          name,
          wall,
          cpu,
          pages.size() / wall,
          wall / baseWall,
          cpu / baseCpu);
      js.append(k == 0 ? "" : ",")
          .append('"')
          .append(name)
          .append("\":")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"wallSeconds\":%.3f,\"cpuSeconds\":%.3f,\"pagesPerSecond\":%.1f,"
                      + "\"wallVsBaseline\":%.3f,\"cpuVsBaseline\":%.3f}",
                  wall,
                  cpu,
                  pages.size() / wall,
                  wall / baseWall,
                  cpu / baseCpu));
    }
    js.append("}}\n");
    Path reference = null;
    for (var e : firstOutput.entrySet()) {
      if (e.getKey().equals("baseline")) {
        continue;
      }
      if (reference == null) {
        reference = e.getValue();
        continue;
      }
      boolean same = Arrays.equals(Files.readAllBytes(reference), Files.readAllBytes(e.getValue()));
      System.out.println(
          "  output of " + e.getKey() + (same ? " identical to " : " DIFFERS from ") + reference);
    }
    if (json != null) {
      Files.writeString(json, js.toString(), StandardCharsets.UTF_8);
    }
    System.out.println("pages, outputs and stderr kept in " + work);
  }

  private static Run run(List<String> command, Path out, Path err)
      throws IOException, InterruptedException {
    double cpuBefore = childrenCpuSeconds();
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    long peak = 0;
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, peakRssKb(status));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    if (p.exitValue() != 0) {
      System.out.println("  (exit " + p.exitValue() + ", see " + err + ")");
    }
    return new Run(wall, childrenCpuSeconds() - cpuBefore, peak);
  }

  /** cutime + cstime of this process: the CPU of every child it has waited for. */
  private static double childrenCpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
  }

  private static long peakRssKb(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the child has just exited
    }
    return 0;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }
}
