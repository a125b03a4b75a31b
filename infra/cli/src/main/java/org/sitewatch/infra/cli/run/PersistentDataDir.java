package org.sitewatch.infra.cli.run;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --data-dir DIR}: the all-in-one modes keep and reopen their Kafka and PostgreSQL. */
final class PersistentDataDir {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the embedded Kafka and PostgreSQL in DIR and reopen them in later runs "
              + "(local.data-dir=DIR, local.persistent=true); without it they are fresh each run.")
  Path dataDir;

  /** Adds the keys the option implies to {@code extra}. */
  void addTo(Map<String, String> extra) {
    if (dataDir != null) {
      extra.put("local.data-dir", dataDir.toString());
      extra.put("local.persistent", "true");
    }
  }
}
