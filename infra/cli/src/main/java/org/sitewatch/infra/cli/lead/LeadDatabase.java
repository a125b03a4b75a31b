package org.sitewatch.infra.cli.lead;

import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.LeadStoreOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that work on the lead database of a running deployment ({@link
 * LeadStoreOptions} opens it). They never migrate: a missing or older schema is an error that names
 * {@code sitewatch db migrate}.
 */
abstract class LeadDatabase implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin LeadStoreOptions store;

  @Spec CommandSpec spec;

  /** The loaded configuration, for {@link #run(Database)}. */
  SitewatchConfig cfg;

  @Override
  public final Integer call() throws Exception {
    return store.run(
        config,
        commandName(),
        "read its leads",
        (loaded, db) -> {
          cfg = loaded;
          return run(db);
        });
  }

  private String commandName() {
    return spec.qualifiedName(" ").replaceFirst("^sitewatch ", "");
  }

  abstract int run(Database db);
}
