package org.sitewatch.infra.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Option;

/** Options every command shares: a config file and single-key overrides. */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with configuration keys (see the README).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key; repeatable.")
  public Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * Loads the configuration, then adds {@code --resolve HOST=ADDR} pairs to the {@code
   * crawler.resolve} table from every layer (a pair on the command line wins for its host).
   */
  public SitewatchConfig load(Map<String, String> extra, List<String> resolve) {
    SitewatchConfig base = load(extra);
    if (resolve.isEmpty()) {
      return base;
    }
    Map<String, String> table = new LinkedHashMap<>(base.crawler().resolve());
    table.putAll(ConfigLoader.resolveTable(String.join(",", resolve)));
    Map<String, String> withResolve = new LinkedHashMap<>(extra);
    withResolve.put(
        "crawler.resolve",
        table.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    return load(withResolve);
  }

  /**
   * Loads the configuration; {@code extra} holds values implied by command flags and wins over
   * everything.
   */
  public SitewatchConfig load(Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(extra);
    SitewatchConfig cfg = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), all);
    // logging started before the configuration was read: switch its format now
    cfg.ops().logFormat().applyToProcess();
    return cfg;
  }
}
