package org.sitewatch.sink.evidence.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.sitewatch.sink.evidence.bundle.BundleLayout;
import org.sitewatch.sink.evidence.bundle.BundleSignature;
import org.sitewatch.sink.evidence.bundle.FileDigest;
import org.sitewatch.sink.evidence.bundle.Origin;
import org.sitewatch.sink.evidence.custody.Canonical;
import org.sitewatch.sink.evidence.custody.ChainCheck;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.signing.TrustedKey;
import org.sitewatch.sink.evidence.warc.InflateBudget;

/**
 * Checks an evidence bundle and says what the result proves:
 *
 * <ol>
 *   <li>the zip is read as unzip shows it and only if every reader sees the same files ({@link
 *       BundleZip}), within {@link BundleLimits}; nothing is extracted to disk;
 *   <li>integrity: every file against {@code manifest.json}, the custody chain, the {@code
 *       EXPORTED} entry against the manifest's list, every WARC record rehashed;
 *   <li>origin: the Ed25519 signature of {@code manifest.json} against the trusted keys ({@link
 *       BundleSignature});
 *   <li>optionally, the custody head against the database's custody log ({@link CustodyAnchor}).
 * </ol>
 *
 * Integrity alone proves only that the bundle is self-consistent, which anyone can produce.
 */
public final class BundleVerifier {
  /**
   * Problems named per custody file at most; a bundle of a million bad lines needs no million
   * lines.
   */
  private static final int MAX_LINE_PROBLEMS = 100;

  private final List<TrustedKey> trusted;
  private final BundleLimits limits;
  private final Optional<CustodyLog> database;
  private final String databaseName;

  /** A verifier without a database. */
  public BundleVerifier(List<TrustedKey> trusted, BundleLimits limits) {
    this(trusted, limits, Optional.empty(), "");
  }

  private BundleVerifier(
      List<TrustedKey> trusted,
      BundleLimits limits,
      Optional<CustodyLog> database,
      String databaseName) {
    this.trusted = List.copyOf(trusted);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.database = database;
    this.databaseName = databaseName;
  }

  /**
   * The same verifier that also checks the custody head against {@code custody} ({@code name} in
   * reports).
   */
  public BundleVerifier withCustodyLog(CustodyLog custody, String name) {
    return new BundleVerifier(
        trusted, limits, Optional.of(custody), Objects.requireNonNull(name, "name"));
  }

  static boolean isWarc(String name) {
    return name.startsWith(BundleLayout.WARC_DIR) && name.endsWith(".warc.gz");
  }

  /** Checks a bundle; never throws for a bad bundle, whose problems are in the report. */
  public VerificationReport verify(Path zip) {
    try (BundleZip bundle = BundleZip.open(zip, limits)) {
      return verify(bundle);
    } catch (BundleRefused e) {
      return VerificationReport.unreadable("refused: " + e.getMessage());
    } catch (java.util.zip.ZipException e) {
      return VerificationReport.unreadable(
          zip.getFileName() + " is not a readable zip (" + e.getMessage() + ")");
    } catch (IOException e) {
      return VerificationReport.unreadable("cannot read " + zip + " (" + e.getMessage() + ")");
    }
  }

  private VerificationReport verify(BundleZip bundle) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, FileDigest> found = new TreeMap<>();
    Map<String, byte[]> parsed = new HashMap<>();
    Map<String, WarcVerification.Region> warcs = new TreeMap<>();
    for (BundleZip.Entry e : bundle.entries()) {
      String name = e.name();
      try (InputStream in = bundle.open(e)) {
        if (isWarc(name)) {
          found.put(name, FileDigest.of(in));
          if (e.stored()) {
            warcs.put(
                name, new WarcVerification.Region(bundle.channel(), e.dataOffset(), e.size()));
          } else {
            problems.add(
                name
                    + " is compressed inside the zip: its WARC records are not checked "
                    + "(bundles store WARC files uncompressed)");
          }
        } else {
          byte[] bytes = in.readAllBytes(); // at most limits.maxFileBytes(): checked by BundleZip
          found.put(name, FileDigest.of(bytes));
          parsed.put(name, bytes);
        }
      }
    }
    Map<String, FileDigest> listed = checkFiles(found, parsed.get(BundleLayout.MANIFEST), problems);
    List<CustodyEntry> chain =
        checkCustody(
            parsed.get(BundleLayout.CUSTODY), found.containsKey(BundleLayout.CUSTODY), problems);
    if (listed != null && !chain.isEmpty()) {
      checkExportRecord(listed, chain.get(chain.size() - 1), problems);
    }
    WarcVerification.check(
        warcs,
        leadJson(parsed.get(BundleLayout.LEAD)),
        new InflateBudget(limits.maxWarcInflatedBytes()),
        problems);

    BundleSignature.Result origin =
        BundleSignature.check(
            parsed.get(BundleSignature.FILE), parsed.get(BundleLayout.MANIFEST), trusted);
    if (origin.origin() == Origin.INVALID) {
      problems.add(origin.statement());
    }
    String anchor =
        database
            .map(log -> CustodyAnchor.check(chain, log, databaseName, problems))
            .orElse(VerificationReport.NOT_ANCHORED);
    return new VerificationReport(problems, origin.origin(), origin.statement(), anchor);
  }

  private static JsonNode leadJson(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return Canonical.readTree(bytes);
    } catch (IllegalArgumentException e) {
      return null; // reported by the manifest check (altered), or harmless when it matches
    }
  }

  /** Checks files against the manifest; returns the manifest's list, or null if it is unusable. */
  private static Map<String, FileDigest> checkFiles(
      Map<String, FileDigest> found, byte[] manifestBytes, List<String> problems) {
    String manifestName = BundleLayout.MANIFEST;
    if (manifestBytes == null) {
      problems.add(manifestName + " was removed: no file can be checked against it");
      return null;
    }
    Map<String, FileDigest> listed = new TreeMap<>();
    JsonNode manifest;
    try {
      manifest = Canonical.readTree(manifestBytes);
    } catch (IllegalArgumentException e) {
      problems.add(manifestName + " is not readable JSON (altered): " + e.getMessage());
      return null;
    }
    if (!BundleLayout.FORMAT.equals(manifest.path("format").asText())) {
      problems.add(manifestName + ": format is not " + BundleLayout.FORMAT);
    }
    JsonNode files = manifest.get("files");
    if (files == null || !files.isArray()) {
      problems.add(manifestName + ": no files list");
      return null;
    }
    for (JsonNode f : files) {
      String path = f.path("path").asText("");
      String sha = f.path("sha256").asText("");
      if (path.isEmpty()
          || !f.path("size").canConvertToExactIntegral()
          || !f.path("size").canConvertToLong()) {
        problems.add(manifestName + ": malformed file record " + f);
        continue;
      }
      if (listed.put(path, new FileDigest(sha, f.path("size").longValue(), 0)) != null) {
        problems.add(manifestName + " lists " + path + " twice");
      }
    }
    for (Map.Entry<String, FileDigest> l : listed.entrySet()) {
      FileDigest actual = found.get(l.getKey());
      if (actual == null) {
        problems.add(
            l.getKey() + " was removed (listed in " + manifestName + ", absent from the bundle)");
      } else if (!actual.sha256().equals(l.getValue().sha256())
          || actual.size() != l.getValue().size()) {
        problems.add(
            l.getKey()
                + " was altered: SHA-256 "
                + actual.sha256()
                + ", "
                + actual.size()
                + " bytes; "
                + manifestName
                + " says "
                + l.getValue().sha256()
                + ", "
                + l.getValue().size()
                + " bytes");
      }
    }
    for (String name : found.keySet()) {
      if (!name.equals(manifestName)
          && !name.equals(BundleSignature.FILE)
          && !listed.containsKey(name)) {
        problems.add(name + " was added (not listed in " + manifestName + ")");
      }
    }
    return listed;
  }

  private static List<CustodyEntry> checkCustody(
      byte[] bytes, boolean present, List<String> problems) {
    String custody = BundleLayout.CUSTODY;
    if (bytes == null) {
      if (!present) {
        problems.add(custody + " is missing: the custody chain cannot be checked");
      }
      return List.of();
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    List<CustodyEntry> entries = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    int unreadable = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        break; // the final newline
      }
      if (unreadable == MAX_LINE_PROBLEMS) {
        problems.add(
            custody
                + ": more than "
                + MAX_LINE_PROBLEMS
                + " unreadable lines; the rest is not read");
        break;
      }
      try {
        entries.add(CustodyEntry.fromJsonLine(lines[i]));
        lineNumbers.add(i + 1);
      } catch (IllegalArgumentException e) {
        problems.add(
            custody + " line " + (i + 1) + " is not a custody entry (" + e.getMessage() + ")");
        unreadable++;
      }
    }
    if (entries.isEmpty()) {
      problems.add(custody + " holds no entries");
    }
    List<ChainCheck.Break> breaks = ChainCheck.check(entries);
    if (breaks.size() > MAX_LINE_PROBLEMS) {
      problems.add(
          custody
              + ": "
              + breaks.size()
              + " chain breaks; the first "
              + MAX_LINE_PROBLEMS
              + " follow");
      breaks = breaks.subList(0, MAX_LINE_PROBLEMS);
    }
    for (ChainCheck.Break b : breaks) {
      problems.add(
          custody
              + " line "
              + lineNumbers.get(b.position() - 1)
              + " (seq "
              + b.seq()
              + "): "
              + b.reason());
    }
    return entries;
  }

  private static void checkExportRecord(
      Map<String, FileDigest> listed, CustodyEntry last, List<String> problems) {
    String custody = BundleLayout.CUSTODY;
    if (!last.action().equals(CustodyAction.EXPORTED.name())) {
      problems.add(
          custody
              + ": the last entry (seq "
              + last.seq()
              + ") is "
              + last.action()
              + ", not the EXPORTED record of this bundle");
      return;
    }
    String recorded = last.detailsNode().path("manifest_sha256").asText("");
    String actual = FileDigest.contentHash(listed);
    if (!recorded.equals(actual)) {
      problems.add(
          custody
              + ": the EXPORTED entry (seq "
              + last.seq()
              + ") records manifest_sha256 "
              + recorded
              + " but "
              + BundleLayout.MANIFEST
              + " lists files giving "
              + actual
              + " (a file list entry was altered, removed or added)");
    }
  }
}
