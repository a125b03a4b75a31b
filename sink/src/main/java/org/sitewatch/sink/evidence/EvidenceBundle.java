package org.sitewatch.sink.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.sitewatch.events.Json;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.jurisdiction.Routing;

/**
 * A signed evidence bundle of one lead, as a zip for the case file:
 *
 * <pre>
 * custody.jsonl     the lead's custody chain, one canonical JSON entry per line, ending with this export
 * lead.json         the lead: signals with snippets, pages, identifiers, findings, conducts, history,
 *                   jurisdiction (routes and conflicts) and the WARC status of every page
 * report.html       the same for people, with the custody timeline; no external resources
 * warc/pages.warc.gz the stored WARC records of the pages ({@link WarcSource}), byte for byte, stored
 *                   uncompressed in the zip
 * warc/README.txt   what warc/ holds, and every page whose records are not available, with why
 * manifest.json     path, SHA-256 and size of every other file; creation time; Sitewatch version
 * manifest.sig      Ed25519 signature of manifest.json by the deployment's {@link SigningKey}
 * </pre>
 *
 * <p>The {@link CustodyAction#EXPORTED} entry carries {@code manifest_sha256}, the SHA-256 of the
 * canonical JSON of the manifest's file list without {@code custody.jsonl} (which cannot list
 * itself), and is the last line of {@code custody.jsonl}. It is stored in the database only once the
 * zip is complete on disk: the lead's row is locked, the entry sealed, the zip written to a temporary
 * file beside the target and forced to disk, the entry inserted and committed, and the file renamed
 * into place; a failure before the commit deletes the file and records nothing. Entries are written
 * in a fixed order with a fixed timestamp and Ed25519 signatures are deterministic, so two exports of
 * an unchanged lead with one key differ only by the export entry and the manifest's creation time.
 * {@link BundleVerifier} checks bundles.
 */
public final class EvidenceBundle {
  public static final String MANIFEST = "manifest.json";
  public static final String LEAD = "lead.json";
  public static final String REPORT = "report.html";
  public static final String CUSTODY = "custody.jsonl";
  public static final String WARC_DIR = "warc/";
  public static final String WARC_README = WARC_DIR + "README.txt";
  /** The bundle's WARC file: the pages' stored records (gzip members) concatenated. */
  public static final String WARC_FILE = BundleWarc.FILE;
  /** The manifest's {@code format} value. */
  public static final String FORMAT = "sitewatch-evidence/2";

  /** The actor named in the custody log when the caller names none. */
  public static final String DEFAULT_ACTOR = "sitewatch";

  /** DOS time has no time zone; a fixed local time keeps the zip byte-identical everywhere. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static final ObjectWriter PRETTY =
      Json.mapper().copy()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writer(new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private final DataSource dataSource;
  private final Clock clock;
  private final LeadStore leads;
  private final CustodyLog custody;
  private final org.sitewatch.sink.operations.Operations operations;
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

  /** A bundle writer without WARC records ({@link WarcSource#NONE}). */
  public EvidenceBundle(DataSource dataSource, Clock clock, String sitewatchVersion, SigningKey signingKey) {
    this(dataSource, clock, sitewatchVersion, WarcSource.NONE, signingKey);
  }

  /**
   * @param signingKey the deployment's key; every bundle's manifest is signed with it
   */
  public EvidenceBundle(DataSource dataSource, Clock clock, String sitewatchVersion, WarcSource warcs,
      SigningKey signingKey) {
    this(dataSource, clock, sitewatchVersion, warcs, signingKey, Output.FILES);
  }

  EvidenceBundle(DataSource dataSource, Clock clock, String sitewatchVersion, WarcSource warcs,
      SigningKey signingKey, Output output) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.leads = new LeadStore(dataSource, clock);
    this.operations = new org.sitewatch.sink.operations.Operations(dataSource, clock,
        org.sitewatch.sink.workflow.ReviewPolicy.DEFAULTS);
    this.custody = new CustodyLog(dataSource, clock);
    this.sitewatchVersion = Objects.requireNonNull(sitewatchVersion, "sitewatchVersion");
    this.warcs = Objects.requireNonNull(warcs, "warcs");
    this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    this.output = Objects.requireNonNull(output, "output");
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

    Map<String, Content> files = new TreeMap<>();
    files.put(LEAD, Content.of(leadJson(lead, history, routing, warc, operations)));
    files.put(REPORT, Content.of(HtmlReport.render(lead, history, before, sitewatchVersion, routing,
        warc, operations.ofLead(lead.id()), operations.repeatLinks(lead.id()))));
    files.put(WARC_README, Content.of(warc.readme()));
    if (!warc.slices().isEmpty()) {
      files.put(WARC_FILE, Content.of(warc.slices()));
    }
    Map<String, FileDigest> digests = new TreeMap<>();
    for (Map.Entry<String, Content> f : files.entrySet()) {
      digests.put(f.getKey(), f.getValue().digest());
    }

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("manifest_sha256", FileDigest.contentHash(digests));
    details.put("format", FORMAT);
    details.put("lead_revision", lead.revision());
    details.put("files", digests.size() + 2);
    details.put("warc_records", warc.records());
    details.put("warc_unavailable", warc.notes().size());
    details.put("signing_key", signingKey.keyId());

    Path target = zip.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".evidence-", ".zip.part");
    CustodyEntry exported;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // the lead's row stays locked until the export is recorded: its chain cannot move meanwhile
        exported = custody.next(c, leadId, actor, CustodyAction.EXPORTED, details, clock.instant());
        StringBuilder log = new StringBuilder();
        for (CustodyEntry e : CustodyLog.entries(c, leadId)) {
          log.append(e.toJsonLine()).append('\n');
        }
        log.append(exported.toJsonLine()).append('\n');
        files.put(CUSTODY, Content.of(log.toString()));
        digests.put(CUSTODY, files.get(CUSTODY).digest());
        write(tmp, files, digests, manifest(lead, exported, digests));
        custody.insert(c, exported);
        c.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      Files.deleteIfExists(tmp);
      throw new IllegalStateException("cannot record the export of lead " + leadId + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new IOException("the export of lead " + leadId + " is recorded (custody seq " + exported.seq()
          + ") and its bundle is complete in " + tmp + ", but it could not be moved to " + target + ": "
          + e.getMessage(), e);
    }
    return new Exported(exported, warc.records(), warc.notes());
  }

  private byte[] manifest(Lead lead, CustodyEntry exported, Map<String, FileDigest> digests)
      throws JsonProcessingException {
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("format", FORMAT);
    manifest.put("sitewatch_version", sitewatchVersion);
    manifest.put("created_at", CustodyEntry.formatAt(exported.at()));
    manifest.put("lead_id", exported.leadId());
    manifest.put("site", lead.site());
    manifest.set("files", FileDigest.fileList(digests, null));
    return (PRETTY.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the zip and forces it to disk. WARC files are stored uncompressed (they are gzip already),
   * so a verifier reads their records in place instead of inflating them somewhere.
   */
  private void write(Path tmp, Map<String, Content> files, Map<String, FileDigest> digests, byte[] manifest)
      throws IOException {
    try (FileChannel sync = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      try (OutputStream raw = output.open(tmp);
          ZipOutputStream out = new ZipOutputStream(new java.io.BufferedOutputStream(raw), StandardCharsets.UTF_8)) {
        for (Map.Entry<String, Content> f : files.entrySet()) {
          out.putNextEntry(entry(f.getKey(), digests.get(f.getKey())));
          f.getValue().writeTo(out);
          out.closeEntry();
        }
        out.putNextEntry(entry(MANIFEST, null));
        out.write(manifest);
        out.closeEntry();
        out.putNextEntry(entry(BundleSignature.FILE, null));
        out.write(BundleSignature.sign(manifest, signingKey));
        out.closeEntry();
      }
      sync.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // not every platform can open a directory; the rename itself is atomic
    }
  }

  private static ZipEntry entry(String name, FileDigest stored) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(ENTRY_TIME);
    if (stored != null && BundleVerifier.isWarc(name)) {
      e.setMethod(ZipEntry.STORED);
      e.setSize(stored.size());
      e.setCompressedSize(stored.size());
      e.setCrc(stored.crc());
    }
    return e;
  }

  private Lead lead(long leadId) {
    String site;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT site FROM lead WHERE id = ?")) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no lead " + leadId);
        }
        site = rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read lead " + leadId + ": " + e.getMessage(), e);
    }
    return leads.findBySite(site).orElseThrow(() -> new IllegalArgumentException("no lead " + leadId));
  }

  private static String leadJson(Lead lead, List<LeadEvent> history, Optional<Routing> routing,
      BundleWarc warc, org.sitewatch.sink.operations.Operations operations) throws JsonProcessingException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "sitewatch-lead/1");
    doc.put("lead", lead);
    doc.put("history", history);
    Map<String, Object> jurisdiction = new LinkedHashMap<>();
    jurisdiction.put("routed", routing.isPresent());
    jurisdiction.put("routes", routing.map(Routing::routes).orElse(List.of()));
    jurisdiction.put("conflicts", routing.map(Routing::conflicts).orElse(List.of()));
    doc.put("jurisdiction", jurisdiction);
    doc.put("warc", warc.json());
    // operator network: the operation the lead belongs to and why it is a repeat offender
    doc.put("operation", operations.ofLead(lead.id()).orElse(null));
    doc.put("repeatLinks", operations.repeatLinks(lead.id()).stream()
        .map(org.sitewatch.sink.lead.RepeatLink::toMap).toList());
    return PRETTY.writeValueAsString(doc) + "\n";
  }

  /** A file of the bundle: generated bytes or stored WARC records, streamed. */
  private record Content(byte[] bytes, List<WarcSlice> slices) {
    static Content of(String text) {
      return new Content(text.getBytes(StandardCharsets.UTF_8), null);
    }

    static Content of(List<WarcSlice> slices) {
      return new Content(null, List.copyOf(slices));
    }

    FileDigest digest() throws IOException {
      try (InputStream in = open()) {
        return FileDigest.of(in);
      }
    }

    void writeTo(OutputStream out) throws IOException {
      try (InputStream in = open()) {
        in.transferTo(out);
      }
    }

    private InputStream open() throws IOException {
      if (bytes != null) {
        return new java.io.ByteArrayInputStream(bytes);
      }
      List<InputStream> parts = new ArrayList<>();
      for (WarcSlice s : slices) {
        parts.add(new SliceStream(s));
      }
      return new java.io.SequenceInputStream(java.util.Collections.enumeration(parts));
    }
  }

  /** The stored bytes of one record, opened when first read (a bundle may hold many). */
  private static final class SliceStream extends InputStream {
    private final WarcSlice slice;
    private java.nio.channels.FileChannel channel;
    private InputStream in;

    SliceStream(WarcSlice slice) {
      this.slice = slice;
    }

    private InputStream in() throws IOException {
      if (in == null) {
        channel = java.nio.channels.FileChannel.open(slice.file(), java.nio.file.StandardOpenOption.READ);
        if (channel.size() < slice.offset() + slice.length()) {
          throw new IOException(slice.file() + " became shorter during the export");
        }
        in = new StoredWarc.Bounded(java.nio.channels.Channels.newInputStream(channel.position(slice.offset())),
            slice.length());
      }
      return in;
    }

    @Override
    public int read() throws IOException {
      return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
      }
    }
  }
}
