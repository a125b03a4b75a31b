package org.sitewatch.infra.cli.evidence;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.evidence.bundle.BundleExporter;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.evidence.signing.TrustedKey;
import org.sitewatch.sink.evidence.verify.BundleLimits;
import org.sitewatch.sink.evidence.verify.BundleVerifier;
import org.sitewatch.sink.evidence.verify.VerificationReport;
import org.sitewatch.sink.evidence.warc.WarcStoreSource;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch evidence ...}: self-verifying evidence bundles of leads for the case file. */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Export, sign and verify evidence bundles.",
    subcommands = {
      EvidenceCommand.Export.class,
      EvidenceCommand.Verify.class,
      EvidenceCommand.Keygen.class
    })
public final class EvidenceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a lead's evidence bundle (lead.json, report.html, custody.jsonl, warc/, manifest.json, "
              + "manifest.sig signed with evidence.signing-key) and record the export in its custody log once the file "
              + "is complete.")
  static final class Export implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Parameters(
        paramLabel = "LEAD_ID_OR_SITE",
        description = "The lead's number or its site (registered domain).")
    String lead;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE.zip",
        description = "Where to write the bundle.")
    Path out;

    @Option(
        names = "--actor",
        paramLabel = "NAME",
        defaultValue = BundleExporter.DEFAULT_ACTOR,
        description = "Who exports, as the custody log records it; default ${DEFAULT-VALUE}.")
    String actor;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        description = "PostgreSQL JDBC URL (db.jdbc-url).")
    String jdbcUrl;

    @Option(
        names = "--warc-dir",
        paramLabel = "DIR",
        description = "The crawler's WARC store to copy the pages' records from (sink.warc-dir).")
    Path warcDir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Map<String, String> extra = new HashMap<>();
      if (jdbcUrl != null) {
        extra.put("db.jdbc-url", jdbcUrl);
      }
      if (warcDir != null) {
        extra.put("sink.warc-dir", warcDir.toString());
      }
      SitewatchConfig cfg = config.load(extra);
      if (cfg.db().embedded()) {
        throw new IllegalArgumentException(
            "evidence export reads the lead database: give --jdbc-url or db.jdbc-url");
      }
      if (actor.isBlank()) {
        throw new IllegalArgumentException("--actor must not be blank");
      }
      PrintWriter print = spec.commandLine().getOut();
      try (Database db =
          Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
        db.requireReachable(); // one line that names the database and the wait (exit 1)
        Migrations.requireCurrent(db.dataSource());
        Clock clock = Clock.systemUTC();
        LeadStore leads = new LeadStore(db.dataSource(), clock, cfg.sink().review());
        long leadId = resolve(leads);
        Signer signer = signer(cfg);
        WarcStoreSource warcs = cfg.evidence().warcSource();
        BundleExporter exporter =
            BundleExporter.builder()
                .dataSource(db.dataSource())
                .clock(clock)
                .leads(leads)
                .custody(new CustodyLog(db.dataSource(), clock))
                .operations(new Operations(db.dataSource(), clock, cfg.sink().review()))
                .sitewatchVersion(version(spec))
                .warcs(warcs)
                .signingKey(signer.key())
                .build();
        BundleExporter.Exported result;
        try (warcs) {
          result = exporter.exportBundle(leadId, out, actor);
        }
        CustodyEntry exported = result.custody();
        print.printf(
            "exported lead %d to %s; custody entry %d, manifest_sha256 %s%n",
            leadId, out, exported.seq(), exported.detailsNode().path("manifest_sha256").asText());
        print.printf(
            "WARC records: %d from %s%s%n",
            result.warcRecords(),
            cfg.evidence().warcDir(),
            cfg.evidence().warcStore().map(t -> " and " + t.location()).orElse(""));
        result.notes().forEach(n -> print.println("  " + n));
        print.printf("signed by key %s (%s)%n", signer.key().keyId(), signer.where());
        print.flush();
        return 0;
      }
    }

    private long resolve(LeadStore leads) {
      if (lead.chars().allMatch(Character::isDigit) && !lead.isEmpty()) {
        return Long.parseLong(lead);
      }
      return leads
          .findBySite(lead)
          .orElseThrow(() -> new IllegalArgumentException("no lead for site " + lead))
          .id();
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Check a bundle: its zip structure (read as unzip shows it, nothing extracted, within size "
              + "limits), every file's SHA-256 against the manifest, the custody hash chain, every WARC record's "
              + "digests, the manifest's Ed25519 signature against the trusted keys (--public-key, "
              + "evidence.trusted-keys) and, with --jdbc-url, the custody head against the database's custody log. "
              + "Exit 0 only when intact (integrity holds and a trusted key signed it; --allow-unsigned: integrity "
              + "alone), 1 otherwise.")
  static final class Verify implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Parameters(paramLabel = "FILE.zip", description = "The bundle to check.")
    Path zip;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description = "A trusted Ed25519 public key (X.509 PEM, as keygen writes it); repeatable.")
    List<Path> publicKeys = new ArrayList<>();

    @Option(
        names = "--allow-unsigned",
        description =
            "Exit 0 when integrity holds even if the bundle is unsigned or signed by an untrusted key "
                + "(the output still says that this proves nothing about origin).")
    boolean allowUnsigned;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        description =
            "Also check the bundle's custody head against this database's custody log (read only).")
    String jdbcUrl;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Map<String, String> extra = new HashMap<>();
      if (jdbcUrl != null) {
        extra.put("db.jdbc-url", jdbcUrl);
      }
      SitewatchConfig cfg = config.load(extra);
      List<TrustedKey> trusted = new ArrayList<>();
      for (Path key : cfg.evidence().trustedKeys()) {
        trusted.add(TrustedKey.load(key));
      }
      for (Path key : publicKeys) {
        if (!Files.isRegularFile(key)) {
          throw new IllegalArgumentException("--public-key: no such file " + key);
        }
        trusted.add(TrustedKey.load(key));
      }
      BundleVerifier verifier = new BundleVerifier(trusted, BundleLimits.DEFAULTS);
      VerificationReport report;
      if (jdbcUrl != null) {
        try (Database db =
            Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
          // asked to check against the database: one that cannot be reached is said in one line
          // (exit 1) before the bundle is read, not as a problem of the bundle
          db.requireReachable();
          report =
              verifier
                  .withCustodyLog(
                      new CustodyLog(db.dataSource(), Clock.systemUTC()),
                      Database.maskPassword(jdbcUrl))
                  .verify(zip);
        }
      } else {
        report = verifier.verify(zip);
      }
      PrintWriter out = spec.commandLine().getOut();
      report.summary(zip.toString(), allowUnsigned).forEach(out::println);
      out.flush();
      return report.passes(allowUnsigned) ? 0 : 1;
    }
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description =
          "Create the deployment's Ed25519 signing key: DIR/"
              + SigningKey.PRIVATE_FILE
              + " (PKCS#8 PEM, mode 600: set evidence.signing-key to it) and DIR/"
              + SigningKey.PUBLIC_FILE
              + " (X.509 PEM: give it to whoever verifies bundles). Never overwrites a key.")
  static final class Keygen implements Callable<Integer> {
    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Folder to write the key files to.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      SigningKey key = SigningKey.generate();
      try {
        key.writeTo(out);
      } catch (FileAlreadyExistsException e) {
        throw new IllegalArgumentException(
            "a key exists already: " + e.getFile() + " (not overwritten)");
      }
      PrintWriter print = spec.commandLine().getOut();
      print.printf("key id %s%n", key.keyId());
      print.printf(
          "private key %s (set evidence.signing-key to it; keep it secret)%n",
          out.resolve(SigningKey.PRIVATE_FILE));
      print.printf(
          "public key  %s (evidence verify --public-key, or evidence.trusted-keys)%n",
          out.resolve(SigningKey.PUBLIC_FILE));
      print.flush();
      return 0;
    }
  }

  /** The key that signs bundles, and where it comes from, for the export's output. */
  record Signer(SigningKey key, String where) {}

  static Signer signer(SitewatchConfig cfg) throws IOException {
    if (cfg.evidence().signingKey().isPresent()) {
      Path file = cfg.evidence().signingKey().get();
      return new Signer(SigningKey.load(file), "evidence.signing-key " + file);
    }
    Path dir = Sections.Evidence.localKeyDir(cfg.local().dataDir());
    SigningKey key = SigningKey.loadOrCreate(dir);
    return new Signer(
        key,
        "local key in "
            + dir
            + ", no evidence.signing-key configured; verify with --public-key "
            + dir.resolve(SigningKey.PUBLIC_FILE));
  }

  /** The version picocli shows for {@code sitewatch --version}, e.g. {@code 0.1.0}. */
  static String version(CommandSpec spec) {
    String[] version = spec.root().version();
    String text = version.length == 0 ? "unknown" : version[0];
    return text.startsWith("sitewatch ") ? text.substring("sitewatch ".length()) : text;
  }
}
