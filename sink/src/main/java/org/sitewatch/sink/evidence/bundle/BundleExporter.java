package org.sitewatch.sink.evidence.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.jurisdiction.Routing;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.LeadStore;

/**
 * Exports a lead's signed evidence bundle ({@link BundleLayout}) as a zip for the case file, from
 * the parts it is given: the configured lead store, custody log, operations and signing key.
 *
 * <p>The {@link CustodyAction#EXPORTED} entry carries {@code manifest_sha256}, the SHA-256 of the
 * canonical JSON of the manifest's file list without {@code custody.jsonl} (which cannot list
 * itself), and is the last line of {@code custody.jsonl}. It is stored in the database only once
 * the zip is complete on disk: the lead's row is locked, the entry sealed, the zip written to a
 * temporary file beside the target and forced to disk, the entry inserted and committed, and the
 * file renamed into place; a failure before the commit deletes the file and records nothing.
 * Entries are written in a fixed order with a fixed timestamp and Ed25519 signatures are
 * deterministic, so two exports of an unchanged lead with one key differ only by the export entry
 * and the manifest's creation time. {@link org.sitewatch.sink.evidence.verify.BundleVerifier}
 * checks bundles.
 */
public final class BundleExporter {
  /** The actor named in the custody log when the caller names none. */
  public static final String DEFAULT_ACTOR = "sitewatch";

  private final DataSource dataSource;
  private final Clock clock;
  private final LeadStore leads;
  private final CustodyLog custody;
  private final Operations operations;
  private final String sitewatchVersion;
  private final WarcSource warcs;
  private final SigningKey signingKey;
  private final Output output;

  /** Opens the stream a bundle is written to; a seam for tests of a write that fails. */
  interface Output {
    Output FILES = Files::newOutputStream;

    OutputStream open(Path file) throws IOException;
  }

  /**
   * What an export wrote.
   *
   * @param custody the export's custody entry
   * @param warcRecords how many WARC records the bundle holds
   * @param notes every lead page whose WARC records are not (all) in the bundle, with the reason,
   *     as stated in the bundle
   */
  public record Exported(CustodyEntry custody, int warcRecords, List<String> notes) {
    public Exported {
      Objects.requireNonNull(custody, "custody");
      notes = List.copyOf(notes);
    }
  }

  private BundleExporter(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.leads = Objects.requireNonNull(b.leads, "leads");
    this.custody = Objects.requireNonNull(b.custody, "custody");
    this.operations = Objects.requireNonNull(b.operations, "operations");
    this.sitewatchVersion = Objects.requireNonNull(b.sitewatchVersion, "sitewatchVersion");
    this.warcs = Objects.requireNonNull(b.warcs, "warcs");
    this.signingKey = Objects.requireNonNull(b.signingKey, "signingKey");
    this.output = Objects.requireNonNull(b.output, "output");
  }

  /**
   * An exporter built from the configured parts: every one is required but {@link
   * Builder#warcs(WarcSource)} ({@link WarcSource#NONE} by default).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The parts an exporter works with; all given by the caller, none defaulted to a policy. */
  public static final class Builder {
    private DataSource dataSource;
    private Clock clock;
    private LeadStore leads;
    private CustodyLog custody;
    private Operations operations;
    private String sitewatchVersion;
    private WarcSource warcs = WarcSource.NONE;
    private SigningKey signingKey;
    private Output output = Output.FILES;

    private Builder() {}

    /** The lead database: the export's transaction and the stored jurisdiction routes. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /** Times the export's custody entry. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The configured lead store: the lead and its history. */
    public Builder leads(LeadStore leads) {
      this.leads = leads;
      return this;
    }

    /** The custody log the export is recorded in. */
    public Builder custody(CustodyLog custody) {
      this.custody = custody;
      return this;
    }

    /** The configured operations: the lead's operation and repeat-offender links. */
    public Builder operations(Operations operations) {
      this.operations = operations;
      return this;
    }

    /** The version named in the manifest and the report. */
    public Builder sitewatchVersion(String sitewatchVersion) {
      this.sitewatchVersion = sitewatchVersion;
      return this;
    }

    /** Where the pages' stored WARC records come from; {@link WarcSource#NONE} by default. */
    public Builder warcs(WarcSource warcs) {
      this.warcs = warcs;
      return this;
    }

    /** The deployment's key; every bundle's manifest is signed with it. */
    public Builder signingKey(SigningKey signingKey) {
      this.signingKey = signingKey;
      return this;
    }

    Builder output(Output output) {
      this.output = output;
      return this;
    }

    /**
     * @throws NullPointerException naming the first part not given
     */
    public BundleExporter build() {
      return new BundleExporter(this);
    }
  }

  /** Exports a lead as {@link #DEFAULT_ACTOR}; see {@link #export(long, Path, String)}. */
  public CustodyEntry export(long leadId, Path zip) throws IOException {
    return export(leadId, zip, DEFAULT_ACTOR);
  }

  /**
   * Writes the lead's bundle to {@code zip} (replacing it; written to a temporary file first, so a
   * failed export leaves no half-written bundle and no custody entry) and records the export in the
   * custody log.
   *
   * @return the export's custody entry
   * @throws IllegalArgumentException if there is no such lead
   */
  public CustodyEntry export(long leadId, Path zip, String actor) throws IOException {
    return exportBundle(leadId, zip, actor).custody();
  }

  /**
   * Like {@link #export(long, Path, String)}, and also says which pages' WARC records could not be
   * included (the bundle states the same in {@code lead.json}, {@code report.html} and {@code
   * warc/README.txt}).
   */
  public Exported exportBundle(long leadId, Path zip, String actor) throws IOException {
    Objects.requireNonNull(zip, "zip");
    Lead lead = lead(leadId);
    List<LeadEvent> history = leads.history(lead.site());
    List<CustodyEntry> before = custody.entries(leadId);

    BundleWarc warc = BundleWarc.assemble(lead, warcs);
    Optional<Routing> routing = RouteStore.stored(dataSource, leadId);

    Map<String, BundleContent> files = new TreeMap<>();
    files.put(
        BundleLayout.LEAD,
        BundleContent.of(BundleJson.lead(lead, history, routing, warc, operations)));
    files.put(
        BundleLayout.REPORT,
        BundleContent.of(
            HtmlReport.render(
                lead,
                history,
                before,
                sitewatchVersion,
                routing,
                warc,
                operations.ofLead(lead.id()),
                operations.repeatLinks(lead.id()))));
    files.put(BundleLayout.WARC_README, BundleContent.of(warc.readme()));
    if (!warc.slices().isEmpty()) {
      files.put(BundleLayout.WARC_FILE, BundleContent.of(warc.slices()));
    }
    Map<String, FileDigest> digests = new TreeMap<>();
    for (Map.Entry<String, BundleContent> f : files.entrySet()) {
      digests.put(f.getKey(), f.getValue().digest());
    }

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("manifest_sha256", FileDigest.contentHash(digests));
    details.put("format", BundleLayout.FORMAT);
    details.put("lead_revision", lead.revision());
    details.put("files", digests.size() + 2);
    details.put("warc_records", warc.records());
    details.put("warc_unavailable", warc.notes().size());
    details.put("signing_key", signingKey.keyId());

    Path target = zip.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".evidence-", ".zip.part");
    CustodyEntry exported;
    try {
      exported =
          Database.of(dataSource)
              .inTransaction(
                  "cannot record the export of lead " + leadId,
                  h -> {
                    // the lead's row stays locked until the export is recorded: its chain cannot
                    // move
                    CustodyEntry entry =
                        CustodyLog.next(
                            h, leadId, actor, CustodyAction.EXPORTED, details, clock.instant());
                    StringBuilder log = new StringBuilder();
                    for (CustodyEntry e : CustodyLog.entries(h, leadId)) {
                      log.append(e.toJsonLine()).append('\n');
                    }
                    log.append(entry.toJsonLine()).append('\n');
                    try {
                      files.put(BundleLayout.CUSTODY, BundleContent.of(log.toString()));
                      digests.put(BundleLayout.CUSTODY, files.get(BundleLayout.CUSTODY).digest());
                      byte[] manifest = BundleJson.manifest(lead, entry, sitewatchVersion, digests);
                      BundleZipWriter.write(
                          output,
                          tmp,
                          files,
                          digests,
                          manifest,
                          BundleSignature.sign(manifest, signingKey));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                    CustodyLog.insert(h, entry);
                    return entry;
                  });
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(tmp);
      throw e.getCause();
    } catch (RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      BundleZipWriter.syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new IOException(
          "the export of lead "
              + leadId
              + " is recorded (custody seq "
              + exported.seq()
              + ") and its bundle is complete in "
              + tmp
              + ", but it could not be moved to "
              + target
              + ": "
              + e.getMessage(),
          e);
    }
    return new Exported(exported, warc.records(), warc.notes());
  }

  private Lead lead(long leadId) {
    return leads
        .findById(leadId)
        .orElseThrow(() -> new IllegalArgumentException("no lead " + leadId));
  }
}
