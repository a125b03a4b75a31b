package org.sitewatch.infra.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Option;

/** Options every command shares: a config file and single-key overrides. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with configuration keys (see the README).")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** Loads the configuration; {@code extra} holds values implied by command flags and wins over everything. */
  SitewatchConfig load(Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(extra);
    return ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), all);
  }
}
