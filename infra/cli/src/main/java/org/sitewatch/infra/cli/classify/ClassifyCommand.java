package org.sitewatch.infra.cli.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.common.text.BoundedFiles;
import org.sitewatch.crawler.fetch.Bodies;
import org.sitewatch.crawler.fetch.SinglePageFetcher;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Json;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.UrlListFile;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch classify}: score single pages offline, without Kafka. URLs are fetched once with
 * the crawler's own fetcher, so the same address policy, size caps and charset handling apply.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description =
        "Score HTML files or URLs offline (or, with --url-only, URLs and domains by their address alone) and print one JSON line per input.")
public final class ClassifyCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Parameters(
      paramLabel = "FILE_OR_URL",
      arity = "0..*",
      description = "HTML files, or http(s) URLs to fetch once.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Read the items from FILE, one per line (# starts a comment).")
  Path inputFile;

  @Option(
      names = "--url-only",
      description = "Score each item (a URL or a bare domain) by its address alone; fetch nothing.")
  boolean urlOnly;

  @Option(
      names = "--resolve",
      paramLabel = "HOST=ADDR",
      description = "Resolve HOST to ADDR without DNS; repeatable.")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = "--allow-loopback",
      description = "Allow fetching loopback and private addresses.")
  boolean allowLoopback;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SitewatchConfig cfg =
        config.load(
            allowLoopback ? Map.of("crawler.allow-private-addresses", "true") : Map.of(), resolve);
    List<String> items = new ArrayList<>(inputs);
    if (inputFile != null) {
      items.addAll(UrlListFile.read(inputFile));
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to classify: give FILE_OR_URL arguments or --input FILE");
    }
    // Lines are buffered (the command's writer flushes on every line, a write per line): a line
    // is flushed at once only after a fetch, where waiting for the network dominates anyway.
    PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
    try {
      return classify(cfg, items, out);
    } finally {
      out.flush();
    }
  }

  private int classify(SitewatchConfig cfg, List<String> items, PrintWriter out) {
    if (urlOnly) {
      UrlClassifier urls = UrlClassifier.load(cfg.classifier());
      for (String item : items) {
        out.println(toJson(urls.classify(item)));
      }
      return 0;
    }
    PageClassifier classifier = PageClassifier.load(cfg.classifier());
    int failures = 0;
    SinglePageFetcher fetcher = null;
    try {
      for (String input : items) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", input);
        boolean fetched = input.startsWith("http://") || input.startsWith("https://");
        try {
          PageInput page;
          boolean truncated;
          if (fetched) {
            if (fetcher == null) {
              fetcher = new SinglePageFetcher(cfg.crawler(), Clock.systemUTC());
            }
            FetchedPage response = fetcher.fetch(input);
            line.put("status", response.status());
            page = PageInput.from(response);
            truncated = response.contentTruncated();
          } else {
            // held to the crawler's body cap as a fetched page is: cut there, scored, and marked
            Path file = Path.of(input);
            BoundedFiles.Head head = BoundedFiles.head(file, cfg.crawler().maxBodyBytes());
            page =
                new PageInput(
                    file.toUri().toString(),
                    Bodies.decode(head.bytes(), null),
                    "text/html",
                    Map.of());
            truncated = head.truncated();
          }
          PageScore score = classifier.classify(page);
          line.put("url", score.url());
          line.put("contentTruncated", truncated);
          line.put("score", score.score());
          line.put("flagged", score.flagged());
          line.put("categories", score.categories());
          line.put("signals", score.signals());
          line.put("lexiconVersion", classifier.lexiconVersion());
        } catch (IOException | RuntimeException e) {
          failures++;
          line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        out.println(JsonLine.of(line));
        if (fetched) {
          out.flush();
        }
      }
    } finally {
      if (fetcher != null) {
        fetcher.close();
      }
    }
    return failures == 0 ? 0 : 1;
  }

  private static String toJson(Object line) {
    try {
      return Json.mapper().writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
