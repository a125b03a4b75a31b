package org.sitewatch.classifier.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.conduct.ConductDetector;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.topology.SiteReplay;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;

/**
 * Measures the conducts the classifier names ({@code sitewatch eval --sites DIR}): every folder of
 * {@code DIR} is one site, its {@code .html} pages are the site's pages (the home page {@code
 * index.html} first, then by path) and {@code conduct.txt} its label, one conduct per line (an
 * empty label: the site must get no conduct). The pages go through the classifier's own path
 * ({@link SiteReplay}: page scoring, the site state, the verdict), as {@code
 * https://FOLDER.test/PATH}. Reads only the folder it is given.
 */
public final class SiteEvaluation {
  /** The label file of a site folder. */
  public static final String LABEL_FILE = "conduct.txt";

  /** A label file beyond this is not a label. */
  static final long MAX_LABEL_BYTES = 4096;

  /** Pages read per site, at most. */
  static final int MAX_PAGES_PER_SITE = 200;

  /** Reasons listed per error. */
  static final int REASONS_PER_ERROR = 8;

  private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  /** The conducts a label may name, in the verdict's order. */
  static final List<String> CONDUCTS = ConductDetector.ORDER;

  private static final Instant FETCHED_AT = Instant.parse("2026-01-01T00:00:00Z");

  private SiteEvaluation() {}

  /**
   * Scores every site folder of {@code dir}. A folder without a readable label, with a conduct that
   * does not exist, or without pages is skipped and named with its reason.
   *
   * @throws UncheckedIOException if {@code dir} cannot be listed
   */
  public static SiteReport sites(Path dir, PageClassifier classifier, ClassifierSettings settings) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(settings, "settings");
    Clock clock = Clock.fixed(FETCHED_AT, ZoneOffset.UTC);
    List<Path> folders;
    try (Stream<Path> list = Files.list(dir)) {
      folders = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String c : CONDUCTS) {
      counts.put(c, new int[3]); // tp, fp, fn
    }
    List<SiteReport.SiteError> errors = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int sites = 0;
    for (Path folder : folders) {
      String name = folder.getFileName().toString();
      String host = name.toLowerCase(Locale.ROOT);
      if (!HOST_LABEL.matcher(host).matches()) {
        skipped.add(name + ": the folder name is not a host name label ([a-z0-9-])");
        continue;
      }
      Set<String> expected;
      try {
        expected = label(folder.resolve(LABEL_FILE));
      } catch (IllegalArgumentException | IOException e) {
        skipped.add(name + ": " + e.getMessage());
        continue;
      }
      String site = host + ".test";
      List<FetchedPage> pages = new ArrayList<>();
      try {
        for (Path file : pages(folder)) {
          byte[] bytes = Evaluation.readPage(file);
          if (bytes == null) {
            skipped.add(
                name
                    + "/"
                    + folder.relativize(file)
                    + ": larger than "
                    + Evaluation.MAX_PAGE_BYTES
                    + " bytes");
            continue;
          }
          pages.add(page(site, folder, file, bytes));
        }
      } catch (IOException e) {
        skipped.add(name + ": cannot read its pages: " + e.getMessage());
        continue;
      }
      if (pages.isEmpty()) {
        skipped.add(name + ": no .html pages");
        continue;
      }
      SiteReplay.Result result = SiteReplay.run(site, pages, classifier, settings, clock);
      for (Outcome o : result.outcomes()) {
        skipped.add(name + ": page " + o.url() + " not scored: " + o.reason());
      }
      SiteVerdict verdict = result.verdict();
      List<String> got = verdict == null ? List.of() : verdict.conducts();
      sites++;
      for (String c : CONDUCTS) {
        int[] n = counts.get(c);
        boolean want = expected.contains(c);
        boolean have = got.contains(c);
        if (want && have) {
          n[0]++;
        } else if (have) {
          n[1]++;
        } else if (want) {
          n[2]++;
        }
      }
      if (!new LinkedHashSet<>(got).equals(expected)) {
        List<String> reasons =
            verdict == null
                ? List.of()
                : verdict.conductReasons().stream()
                    .limit(REASONS_PER_ERROR)
                    .map(r -> r.conduct() + " " + r.signal() + " '" + r.snippet() + "' " + r.url())
                    .toList();
        errors.add(
            new SiteReport.SiteError(
                name,
                CONDUCTS.stream().filter(expected::contains).toList(),
                got,
                verdict != null && verdict.flagged(),
                verdict == null ? 0 : verdict.score(),
                reasons));
      }
    }
    Map<String, SiteReport.ConductMetrics> byConduct = new LinkedHashMap<>();
    counts.forEach((c, n) -> byConduct.put(c, SiteReport.ConductMetrics.of(n[0], n[1], n[2])));
    return new SiteReport(String.valueOf(dir.getFileName()), sites, byConduct, errors, skipped);
  }

  /** The conducts of a label file: one per line, blank lines and {@code #} comments ignored. */
  static Set<String> label(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + LABEL_FILE);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_LABEL_BYTES + 1);
    }
    if (bytes.length > MAX_LABEL_BYTES) {
      throw new IllegalArgumentException(
          LABEL_FILE + " is larger than " + MAX_LABEL_BYTES + " bytes");
    }
    Set<String> conducts = new LinkedHashSet<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
      String c = line.strip().toLowerCase(Locale.ROOT);
      if (c.isEmpty() || c.startsWith("#")) {
        continue;
      }
      if (!CONDUCTS.contains(c)) {
        throw new IllegalArgumentException(
            LABEL_FILE + ": unknown conduct '" + abbreviate(c) + "', expected one of " + CONDUCTS);
      }
      conducts.add(c);
    }
    if (conducts.contains(ConductDetector.FOR_PROFIT)
        && conducts.contains(ConductDetector.WITHOUT_PROFIT)) {
      throw new IllegalArgumentException(
          LABEL_FILE + ": for-profit and without-profit exclude each other");
    }
    return conducts;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  /**
   * The site's pages: {@code index.html} first, then by path; at most {@link #MAX_PAGES_PER_SITE}.
   */
  private static List<Path> pages(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(SiteEvaluation::isHtml)
          .sorted(
              Comparator.comparing(
                      (Path p) -> !folder.relativize(p).toString().equals("index.html"))
                  .thenComparing(p -> folder.relativize(p).toString()))
          .limit(MAX_PAGES_PER_SITE)
          .toList();
    }
  }

  private static FetchedPage page(String site, Path folder, Path file, byte[] bytes) {
    String rel =
        folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    String url = "https://" + site + "/" + (rel.equals("index.html") ? "" : rel);
    return FetchedPage.builder()
        .site(site)
        .requestedUrl(url)
        .finalUrl(url)
        .status(200)
        .fetchedAt(FETCHED_AT)
        .contentType("text/html")
        .charset("UTF-8")
        .content(Evaluation.decode(bytes))
        .bodySha256(Sha256.hex(bytes))
        .bodyLength(bytes.length)
        .build();
  }

  private static boolean isHtml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".html") || name.endsWith(".htm");
  }
}
