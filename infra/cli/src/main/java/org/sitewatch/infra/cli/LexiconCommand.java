package org.sitewatch.infra.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.LexiconImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch lexicon ...}: bring existing filter lists into Sitewatch's lexicon format. */
@Command(name = "lexicon", mixinStandardHelpOptions = true,
    description = "Work with lexicons.",
    subcommands = {LexiconCommand.Import.class})
final class LexiconCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Convert a weighted phrase list (e2guardian: <phrase><weight>, < whole word ><weight>, <a>,<b><weight>) into a Sitewatch lexicon.")
  static final class Import implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "Input format; supported: e2guardian.")
    String format;

    @Option(names = "--category", paramLabel = "CATEGORY", defaultValue = "explicit",
        description = "Category of positive-weight phrases (negative weights become negative-context); default ${DEFAULT-VALUE}.")
    String category;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the lexicon to FILE (default: standard output).")
    Path out;

    @Parameters(paramLabel = "FILE", description = "The list to convert.")
    Path file;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!format.equalsIgnoreCase("e2guardian")) {
        throw new IllegalArgumentException("unsupported format '" + format + "'; supported: e2guardian");
      }
      LexiconImport.ImportResult result = LexiconImport.fromE2guardian(file, category);
      PrintWriter err = spec.commandLine().getErr();
      if (out == null) {
        spec.commandLine().getOut().print(result.lexicon());
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, result.lexicon(), StandardCharsets.UTF_8);
      }
      err.printf("sitewatch lexicon import: %d rule(s) converted, %d line(s) skipped%n",
          result.converted(), result.skipped().size());
      result.skipped().stream().limit(20).forEach(s -> err.println("  skipped " + s));
      err.flush();
      return 0;
    }
  }
}
