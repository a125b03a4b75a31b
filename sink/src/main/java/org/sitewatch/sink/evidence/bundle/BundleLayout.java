package org.sitewatch.sink.evidence.bundle;

/**
 * The files of an evidence bundle ({@value #FORMAT}), shared by the exporter and the verifier:
 *
 * <pre>
 * custody.jsonl      the lead's custody chain, one canonical JSON entry per line, ending with this export
 * lead.json          the lead: signals with snippets, pages, identifiers, findings, conducts, history,
 *                    jurisdiction (routes and conflicts) and the WARC status of every page
 * report.html        the same for people, with the custody timeline; no external resources
 * warc/pages.warc.gz the stored WARC records of the pages, byte for byte, stored uncompressed in the zip
 * warc/README.txt    what warc/ holds, and every page whose records are not available, with why
 * manifest.json      path, SHA-256 and size of every other file; creation time; Sitewatch version
 * manifest.sig       Ed25519 signature of manifest.json by the deployment's signing key
 * </pre>
 */
public final class BundleLayout {
  public static final String MANIFEST = "manifest.json";
  public static final String LEAD = "lead.json";
  public static final String REPORT = "report.html";
  public static final String CUSTODY = "custody.jsonl";
  public static final String WARC_DIR = "warc/";
  public static final String WARC_README = WARC_DIR + "README.txt";

  /** The bundle's WARC file: the pages' stored records (gzip members) concatenated. */
  public static final String WARC_FILE = WARC_DIR + "pages.warc.gz";

  /** The manifest's {@code format} value. */
  public static final String FORMAT = "sitewatch-evidence/2";

  private BundleLayout() {}

  /** Whether a bundle file is a WARC file (stored uncompressed in the zip, read in place). */
  public static boolean isWarc(String name) {
    return name.startsWith(WARC_DIR) && name.endsWith(".warc.gz");
  }
}
