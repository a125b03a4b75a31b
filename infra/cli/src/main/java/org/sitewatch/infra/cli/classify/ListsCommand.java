package org.sitewatch.infra.cli.classify;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.lists.KnownSites;
import org.sitewatch.classifier.lists.ListFormat;
import org.sitewatch.classifier.lists.ListImport;
import org.sitewatch.classifier.lists.SiteList;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch lists ...}: known-site lists in the folder {@code classifier.lists-dir}, read by
 * every classifier at start (docs/known-site-lists.md).
 */
@Command(
    name = "lists",
    mixinStandardHelpOptions = true,
    description =
        "Known-site lists (public blocklists): a listed host raises its URL and page score with the signal url.list:<name>.",
    subcommands = {ListsCommand.Import.class, ListsCommand.Show.class, ListsCommand.Remove.class})
public final class ListsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The lists folder of the configuration. */
  static Path listsDir(SitewatchConfig cfg) {
    return cfg.classifier()
        .listsDir()
        .orElseThrow(() -> new IllegalArgumentException("classifier.lists-dir is not set"));
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Import a blocklist as list NAME (replacing a list of that name); classifiers read it when they start.")
  static final class Import implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "Name of the list (1-64 of a-z 0-9 . _ -); its signal is url.list:NAME.")
    String name;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "domains",
        description =
            "domains (one per line), hosts (0.0.0.0 example.com) or e2guardian (UT1 / e2guardian domain list); default ${DEFAULT-VALUE}.")
    String format;

    @Parameters(paramLabel = "FILE", description = "The list to import (UTF-8 text).")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      SiteList.checkName(name);
      ListFormat f =
          ListFormat.byLabel(format)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown format '" + format + "': use domains, hosts or e2guardian"));
      SitewatchConfig cfg = config.load(Map.of());
      Path dir = listsDir(cfg);
      ListImport.Imported imported = ListImport.read(file, f);
      PrintWriter out = spec.commandLine().getOut();
      for (ListImport.Rejection r : imported.firstRejections()) {
        out.printf("%s:%d: rejected: %s%n", file.getFileName(), r.line(), r.reason());
      }
      if (imported.domains().isEmpty()) {
        throw new IllegalArgumentException(
            file
                + ": no domain kept ("
                + imported.lines()
                + " lines, "
                + imported.rejected()
                + " rejected); is --format "
                + f.label()
                + " right?");
      }
      SiteList.Header header =
          new SiteList.Header(
              name,
              f,
              String.valueOf(file.getFileName()),
              imported.sha256(),
              imported.domains().size(),
              imported.rejected(),
              Instant.now(Clock.systemUTC()).truncatedTo(ChronoUnit.SECONDS));
      Path written = SiteList.write(dir, header, imported);
      out.printf(
          "imported list '%s' (%s): %d domains from %s (%d lines, %d rejected, %d duplicates)"
              + " into %s; classifiers use it from their next start%n",
          name,
          f.label(),
          imported.domains().size(),
          file,
          imported.lines(),
          imported.rejected(),
          imported.duplicates(),
          written);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "List the known-site lists: name, format, domains, rejected lines, source.")
  static final class Show implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path dir = listsDir(config.load(Map.of()));
      PrintWriter out = spec.commandLine().getOut();
      List<Path> files = Files.isDirectory(dir) ? KnownSites.files(dir) : List.of();
      out.printf("%d list(s) in %s%n", files.size(), dir);
      if (!files.isEmpty()) {
        out.printf(
            "%-24s %-10s %9s %9s %-20s %-14s %s%n",
            "name", "format", "domains", "rejected", "imported-at", "sha256", "source");
      }
      for (Path file : files) {
        SiteList.Header h = SiteList.readHeader(file);
        out.printf(
            "%-24s %-10s %9d %9d %-20s %-14s %s%n",
            h.name(),
            h.format().label(),
            h.count(),
            h.rejected(),
            h.importedAt(),
            h.sourceSha256().substring(0, Math.min(12, h.sourceSha256().length())),
            h.source());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove list NAME; classifiers stop using it at their next start.")
  static final class Remove implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Parameters(paramLabel = "NAME", description = "The list to remove.")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path dir = listsDir(config.load(Map.of()));
      Path file = SiteList.fileOf(dir, name);
      if (!Files.deleteIfExists(file)) {
        throw new IllegalArgumentException("no list '" + name + "' in " + dir);
      }
      spec.commandLine().getOut().printf("removed list '%s' (%s)%n", name, file);
      return 0;
    }
  }
}
