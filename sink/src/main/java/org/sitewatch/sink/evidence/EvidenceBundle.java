package org.sitewatch.sink.evidence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.sitewatch.events.Json;
import org.sitewatch.sink.Lead;
import org.sitewatch.sink.LeadEvent;
import org.sitewatch.sink.LeadStore;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.jurisdiction.Routing;

/**
 * A self-verifying evidence bundle of one lead, as a zip for the case file:
 *
 * <pre>
 * custody.jsonl     the lead's custody chain, one canonical JSON entry per line, ending with this export
 * lead.json         the lead: signals with snippets, pages, identifiers, findings, conducts, history,
 *                   jurisdiction (routes and conflicts) and the WARC status of every page
 * report.html       the same for people, with the custody timeline; no external resources
 * warc/pages.warc.gz the stored WARC records of the pages ({@link WarcSource}), byte for byte
 * warc/README.txt   what warc/ holds, and every page whose records are not available, with why
 * manifest.json     path, SHA-256 and size of every other file; creation time; Sitewatch version
 * </pre>
 *
 * <p>Export appends an {@link CustodyAction#EXPORTED} entry carrying {@code manifest_sha256}, the
 * SHA-256 of the canonical JSON of the manifest's file list without {@code custody.jsonl} (which
 * cannot list itself), before it writes {@code custody.jsonl}: the bundle holds its own export
 * record, and {@link #verify(Path)} can tell that the record belongs to these very files. Entries
 * are written in a fixed order with a fixed timestamp, so two exports of an unchanged lead differ
 * only by the export entry and the manifest's creation time.
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
  public static final String FORMAT = "sitewatch-evidence/1";

  /** The actor named in the custody log when the caller names none. */
  public static final String DEFAULT_ACTOR = "sitewatch";

  /** DOS time has no time zone; a fixed local time keeps the zip byte-identical everywhere. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private static final int MAX_PARSED_BYTES = 64 << 20;

  private static final ObjectWriter PRETTY =
      Json.mapper().copy()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writer(new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private final DataSource dataSource;
  private final LeadStore leads;
  private final CustodyLog custody;
  private final org.sitewatch.sink.Operations operations;
  private final String sitewatchVersion;
  private final WarcSource warcs;

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
  public EvidenceBundle(DataSource dataSource, Clock clock, String sitewatchVersion) {
    this(dataSource, clock, sitewatchVersion, WarcSource.NONE);
  }

  public EvidenceBundle(
      DataSource dataSource, Clock clock, String sitewatchVersion, WarcSource warcs) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.leads = new LeadStore(dataSource, clock);
    this.operations = new org.sitewatch.sink.Operations(dataSource, clock,
        org.sitewatch.sink.ReviewPolicy.DEFAULTS);
    this.custody = new CustodyLog(dataSource, clock);
    this.sitewatchVersion = Objects.requireNonNull(sitewatchVersion, "sitewatchVersion");
    this.warcs = Objects.requireNonNull(warcs, "warcs");
  }

  /** Exports a lead as {@link #DEFAULT_ACTOR}; see {@link #export(long, Path, String)}. */
  public CustodyEntry export(long leadId, Path zip) throws IOException {
    return export(leadId, zip, DEFAULT_ACTOR);
  }

  /**
   * Writes the lead's bundle to {@code zip} (replacing it; written to a temporary file first, so a
   * failed export leaves no half-written bundle) and records the export in the custody log.
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
    Map<String, Digest> digests = new TreeMap<>();
    for (Map.Entry<String, Content> f : files.entrySet()) {
      digests.put(f.getKey(), f.getValue().digest());
    }

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("manifest_sha256", contentHash(digests));
    details.put("format", FORMAT);
    details.put("lead_revision", lead.revision());
    details.put("files", digests.size() + 2);
    details.put("warc_records", warc.records());
    details.put("warc_unavailable", warc.notes().size());
    CustodyEntry exported = custody.append(leadId, actor, CustodyAction.EXPORTED, details);

    StringBuilder log = new StringBuilder();
    for (CustodyEntry e : custody.entries(leadId)) {
      if (e.seq() <= exported.seq()) {
        log.append(e.toJsonLine()).append('\n');
      }
    }
    files.put(CUSTODY, Content.of(log.toString()));
    digests.put(CUSTODY, files.get(CUSTODY).digest());

    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("format", FORMAT);
    manifest.put("sitewatch_version", sitewatchVersion);
    manifest.put("created_at", CustodyEntry.formatAt(exported.at()));
    manifest.put("lead_id", leadId);
    manifest.put("site", lead.site());
    manifest.set("files", fileList(digests, null));
    byte[] manifestBytes = (PRETTY.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);

    Path dir = zip.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".evidence-", ".zip.part");
    try {
      try (OutputStream raw = Files.newOutputStream(tmp);
          ZipOutputStream out = new ZipOutputStream(raw, StandardCharsets.UTF_8)) {
        for (Map.Entry<String, Content> f : files.entrySet()) {
          out.putNextEntry(entry(f.getKey()));
          f.getValue().writeTo(out);
          out.closeEntry();
        }
        out.putNextEntry(entry(MANIFEST));
        out.write(manifestBytes);
        out.closeEntry();
      }
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Exported(exported, warc.records(), warc.notes());
  }

  /**
   * Checks a bundle without any database: every file's SHA-256 and size against the manifest, no
   * listed file missing, no unlisted file present, the custody chain in {@code custody.jsonl}
   * (hashes, links, order), and that its last entry is the export of exactly these files.
   */
  public static VerificationReport verify(Path zip) {
    List<String> problems = new ArrayList<>();
    Map<String, Digest> found = new LinkedHashMap<>();
    Map<String, byte[]> parsed = new HashMap<>();
    Map<String, Path> warcFiles = new TreeMap<>();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in, StandardCharsets.UTF_8)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        String name = e.getName();
        boolean keep = name.equals(MANIFEST) || name.equals(CUSTODY) || name.equals(LEAD);
        boolean warc = name.startsWith(WARC_DIR) && name.endsWith(".warc.gz") && !found.containsKey(name);
        Digest digest;
        if (warc) {
          Path copy = Files.createTempFile("sitewatch-verify-", ".warc.gz");
          warcFiles.put(name, copy);
          try (OutputStream out = Files.newOutputStream(copy)) {
            digest = Digest.of(z, Long.MAX_VALUE, out);
          }
        } else {
          digest = Digest.of(z, keep ? MAX_PARSED_BYTES : Long.MAX_VALUE);
        }
        if (found.containsKey(name)) {
          problems.add(name + " appears more than once in the zip (added)");
          continue;
        }
        found.put(name, digest);
        if (keep) {
          if (digest.bytes() == null) {
            problems.add(name + " is larger than " + MAX_PARSED_BYTES + " bytes: not checked");
          } else {
            parsed.put(name, digest.bytes());
          }
        }
      }
      Map<String, Digest> listed = checkFiles(found, parsed.get(MANIFEST), problems);
      List<CustodyEntry> chain = checkCustody(parsed.get(CUSTODY), found.containsKey(CUSTODY), problems);
      if (listed != null && !chain.isEmpty()) {
        checkExportRecord(listed, chain.get(chain.size() - 1), problems);
      }
      WarcVerification.check(warcFiles, leadJson(parsed.get(LEAD)), problems);
      return VerificationReport.of(problems);
    } catch (ZipException e) {
      problems.add(zip.getFileName() + " is not a readable zip (" + e.getMessage() + ")");
      return VerificationReport.of(problems);
    } catch (IOException e) {
      problems.add("cannot read " + zip + " (" + e.getMessage() + ")");
      return VerificationReport.of(problems);
    } finally {
      for (Path copy : warcFiles.values()) {
        try {
          Files.deleteIfExists(copy);
        } catch (IOException e) {
          // a temporary copy left behind; the verification result stands
        }
      }
    }
  }

  private static JsonNode leadJson(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return Canonical.READER.readTree(bytes);
    } catch (IOException e) {
      return null; // reported by the manifest check (altered)
    }
  }

  /** Checks files against the manifest; returns the manifest's list, or null if it is unusable. */
  private static Map<String, Digest> checkFiles(
      Map<String, Digest> found, byte[] manifestBytes, List<String> problems) {
    if (manifestBytes == null) {
      problems.add(MANIFEST + " was removed: no file can be checked against it");
      return null;
    }
    Map<String, Digest> listed = new TreeMap<>();
    try {
      JsonNode manifest = Canonical.READER.readTree(manifestBytes);
      if (!FORMAT.equals(manifest.path("format").asText())) {
        problems.add(MANIFEST + ": format is not " + FORMAT);
      }
      JsonNode files = manifest.get("files");
      if (files == null || !files.isArray()) {
        problems.add(MANIFEST + ": no files list");
        return null;
      }
      for (JsonNode f : files) {
        String path = f.path("path").asText("");
        String sha = f.path("sha256").asText("");
        if (path.isEmpty() || !f.path("size").canConvertToLong()) {
          problems.add(MANIFEST + ": malformed file record " + f);
          continue;
        }
        if (listed.put(path, new Digest(sha, f.path("size").longValue(), null)) != null) {
          problems.add(MANIFEST + " lists " + path + " twice");
        }
      }
    } catch (IOException e) {
      problems.add(MANIFEST + " is not readable JSON (altered): " + e.getMessage());
      return null;
    }
    for (Map.Entry<String, Digest> l : listed.entrySet()) {
      Digest actual = found.get(l.getKey());
      if (actual == null) {
        problems.add(l.getKey() + " was removed (listed in " + MANIFEST + ", absent from the bundle)");
      } else if (!actual.sha256().equals(l.getValue().sha256())
          || actual.size() != l.getValue().size()) {
        problems.add(l.getKey() + " was altered: SHA-256 " + actual.sha256() + ", " + actual.size()
            + " bytes; " + MANIFEST + " says " + l.getValue().sha256() + ", "
            + l.getValue().size() + " bytes");
      }
    }
    for (String name : found.keySet()) {
      if (!name.equals(MANIFEST) && !listed.containsKey(name)) {
        problems.add(name + " was added (not listed in " + MANIFEST + ")");
      }
    }
    return listed;
  }

  private static List<CustodyEntry> checkCustody(byte[] bytes, boolean present, List<String> problems) {
    if (bytes == null) {
      if (!present) {
        problems.add(CUSTODY + " is missing: the custody chain cannot be checked");
      }
      return List.of();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    List<CustodyEntry> entries = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        break; // the final newline
      }
      try {
        entries.add(CustodyEntry.fromJsonLine(lines[i]));
        lineNumbers.add(i + 1);
      } catch (IllegalArgumentException e) {
        problems.add(CUSTODY + " line " + (i + 1) + " is not a custody entry (" + e.getMessage() + ")");
      }
    }
    if (entries.isEmpty()) {
      problems.add(CUSTODY + " holds no entries");
    }
    for (ChainCheck.Break b : ChainCheck.check(entries)) {
      problems.add(CUSTODY + " line " + lineNumbers.get(b.position() - 1) + " (seq " + b.seq()
          + "): " + b.reason());
    }
    return entries;
  }

  private static void checkExportRecord(
      Map<String, Digest> listed, CustodyEntry last, List<String> problems) {
    if (!last.action().equals(CustodyAction.EXPORTED.name())) {
      problems.add(CUSTODY + ": the last entry (seq " + last.seq() + ") is " + last.action()
          + ", not the EXPORTED record of this bundle");
      return;
    }
    String recorded = last.detailsNode().path("manifest_sha256").asText("");
    String actual = contentHash(listed);
    if (!recorded.equals(actual)) {
      problems.add(CUSTODY + ": the EXPORTED entry (seq " + last.seq() + ") records manifest_sha256 "
          + recorded + " but " + MANIFEST + " lists files giving " + actual
          + " (a file list entry was altered, removed or added)");
    }
  }

  /** SHA-256 of the canonical JSON list of files, without custody.jsonl (see class comment). */
  private static String contentHash(Map<String, Digest> digests) {
    return Canonical.sha256(Canonical.json(fileList(digests, CUSTODY)));
  }

  private static ArrayNode fileList(Map<String, Digest> digests, String except) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    new TreeMap<>(digests).forEach((path, d) -> {
      if (!path.equals(except)) {
        list.addObject().put("path", path).put("sha256", d.sha256()).put("size", d.size());
      }
    });
    return list;
  }

  private static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(ENTRY_TIME);
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
      BundleWarc warc, org.sitewatch.sink.Operations operations) throws JsonProcessingException {
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
        .map(org.sitewatch.sink.RepeatLink::toMap).toList());
    return PRETTY.writeValueAsString(doc) + "\n";
  }

  /** SHA-256 (hex) and size of a file; its bytes too when they were to be kept. */
  private record Digest(String sha256, long size, byte[] bytes) {
    static Digest of(InputStream in, long keepUpTo) throws IOException {
      return of(in, keepUpTo, OutputStream.nullOutputStream());
    }

    /** Also copies every byte read to {@code copy}. */
    static Digest of(InputStream in, long keepUpTo, OutputStream copy) throws IOException {
      MessageDigest md = Canonical.digest();
      ByteArrayOutputStream kept = keepUpTo < Long.MAX_VALUE ? new ByteArrayOutputStream() : null;
      byte[] buf = new byte[64 * 1024];
      long size = 0;
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
        copy.write(buf, 0, n);
        size += n;
        if (kept != null) {
          if (size <= keepUpTo) {
            kept.write(buf, 0, n);
          } else {
            kept = null;
            keepUpTo = Long.MAX_VALUE;
          }
        }
      }
      return new Digest(HexFormat.of().formatHex(md.digest()), size,
          kept == null ? null : kept.toByteArray());
    }
  }

  /** A file of the bundle: generated bytes or stored WARC records, streamed. */
  private record Content(byte[] bytes, List<WarcSlice> slices) {
    static Content of(String text) {
      return new Content(text.getBytes(StandardCharsets.UTF_8), null);
    }

    static Content of(List<WarcSlice> slices) {
      return new Content(null, List.copyOf(slices));
    }

    Digest digest() throws IOException {
      try (InputStream in = open()) {
        return Digest.of(in, Long.MAX_VALUE);
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
