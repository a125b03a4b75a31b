package org.sitewatch.infra.cli;

import org.sitewatch.infra.config.ConfigKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the configuration reference table that {@code README.md} contains. */
@Command(
    name = "config-reference",
    mixinStandardHelpOptions = true,
    description =
        "Print every configuration key with its environment variable, default and meaning (Markdown).")
final class ConfigReferenceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().print(ConfigKeys.markdownTable());
    spec.commandLine().getOut().flush();
  }
}
