package org.sitewatch.infra.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Option;

/**
 * The crawl-target options of the all-in-one commands ({@code run}, {@code up}): {@code --resolve}
 * and {@code --allow-loopback}, and how they and the data folder become the configuration.
 */
final class LocalCrawlOptions {
  @Option(
      names = "--resolve",
      paramLabel = "HOST=ADDR",
      description = "Resolve HOST to ADDR without DNS; repeatable.")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = "--allow-loopback",
      description = "Allow crawling loopback and private addresses (tests and demos).")
  boolean allowLoopback;

  /** The configuration of {@code config} with these options and {@code dataDir} applied. */
  SitewatchConfig load(ConfigOptions config, PersistentDataDir dataDir) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (allowLoopback) {
      extra.put("crawler.allow-private-addresses", "true");
    }
    dataDir.addTo(extra);
    return config.load(extra, resolve);
  }
}
