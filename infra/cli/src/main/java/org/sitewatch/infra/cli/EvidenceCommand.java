package org.sitewatch.infra.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.LeadStore;
import org.sitewatch.sink.Migrations;
import org.sitewatch.sink.evidence.CustodyEntry;
import org.sitewatch.sink.evidence.DirectoryWarcSource;
import org.sitewatch.sink.evidence.EvidenceBundle;
import org.sitewatch.sink.evidence.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch evidence ...}: self-verifying evidence bundles of leads for the case file. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
    description = "Export and verify evidence bundles.",
    subcommands = {EvidenceCommand.Export.class, EvidenceCommand.Verify.class})
final class EvidenceCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write a lead's evidence bundle (lead.json, report.html, custody.jsonl, warc/, manifest.json) "
          + "and record the export in its custody log.")
  static final class Export implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Parameters(paramLabel = "LEAD_ID_OR_SITE", description = "The lead's number or its site (registered domain).")
    String lead;

    @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "Where to write the bundle.")
    Path out;

    @Option(names = "--actor", paramLabel = "NAME", defaultValue = EvidenceBundle.DEFAULT_ACTOR,
        description = "Who exports, as the custody log records it; default ${DEFAULT-VALUE}.")
    String actor;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL (db.jdbc-url).")
    String jdbcUrl;

    @Option(names = "--warc-dir", paramLabel = "DIR",
        description = "The crawler's WARC store to copy the pages' records from (sink.warc-dir).")
    Path warcDir;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Map<String, String> extra = new java.util.HashMap<>();
      if (jdbcUrl != null) {
        extra.put("db.jdbc-url", jdbcUrl);
      }
      if (warcDir != null) {
        extra.put("sink.warc-dir", warcDir.toString());
      }
      SitewatchConfig cfg = config.load(extra);
      if (cfg.db().embedded()) {
        throw new IllegalArgumentException("evidence export reads the lead database: give --jdbc-url or db.jdbc-url");
      }
      if (actor.isBlank()) {
        throw new IllegalArgumentException("--actor must not be blank");
      }
      PrintWriter print = spec.commandLine().getOut();
      try (Database db = Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
        Migrations.requireCurrent(db.dataSource());
        long leadId = resolve(new LeadStore(db.dataSource(), Clock.systemUTC()));
        EvidenceBundle bundle = new EvidenceBundle(db.dataSource(), Clock.systemUTC(), version(spec),
            new DirectoryWarcSource(cfg.evidence().warcDir()));
        EvidenceBundle.Exported result = bundle.exportBundle(leadId, out, actor);
        CustodyEntry exported = result.custody();
        print.printf("exported lead %d to %s; custody entry %d, manifest_sha256 %s%n", leadId, out,
            exported.seq(), exported.detailsNode().path("manifest_sha256").asText());
        print.printf("WARC records: %d from %s%n", result.warcRecords(), cfg.evidence().warcDir());
        result.notes().forEach(n -> print.println("  " + n));
        print.flush();
        return 0;
      }
    }

    private long resolve(LeadStore leads) {
      if (lead.chars().allMatch(Character::isDigit) && !lead.isEmpty()) {
        return Long.parseLong(lead);
      }
      return leads.findBySite(lead)
          .orElseThrow(() -> new IllegalArgumentException("no lead for site " + lead))
          .id();
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check a bundle without any database: every file's SHA-256 against the manifest, missing and "
          + "added files, the custody hash chain, every WARC record's digests against its headers and the lead's "
          + "WARC references. Exit 0 when intact, 1 on any mismatch.")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.zip", description = "The bundle to check.")
    Path zip;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VerificationReport report = EvidenceBundle.verify(zip);
      PrintWriter out = spec.commandLine().getOut();
      if (report.ok()) {
        out.printf("%s: intact (every file matches the manifest; custody chain holds; WARC records rehash to "
            + "their digests)%n", zip);
      } else {
        out.printf("%s: %d problem(s)%n", zip, report.problems().size());
        report.problems().forEach(p -> out.println("  " + p));
      }
      out.flush();
      return report.ok() ? 0 : 1;
    }
  }

  /** The version picocli shows for {@code sitewatch --version}, e.g. {@code 0.1.0}. */
  static String version(picocli.CommandLine.Model.CommandSpec spec) {
    String[] version = spec.root().version();
    String text = version.length == 0 ? "unknown" : version[0];
    return text.startsWith("sitewatch ") ? text.substring("sitewatch ".length()) : text;
  }
}
