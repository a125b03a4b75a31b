package org.sitewatch.sink.evidence.bundle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle's zip: the files in name order, then {@code manifest.json} and {@code
 * manifest.sig}, every entry with one fixed time, so one lead state gives byte-identical zips.
 */
final class BundleZipWriter {
  /** DOS time has no time zone; a fixed local time keeps the zip byte-identical everywhere. */
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private BundleZipWriter() {}

  /**
   * Writes the zip to {@code file} through {@code output} and forces it to disk. WARC files are
   * stored uncompressed (they are gzip already), so a verifier reads their records in place instead
   * of inflating them somewhere.
   */
  static void write(
      BundleExporter.Output output,
      Path file,
      Map<String, BundleContent> files,
      Map<String, FileDigest> digests,
      byte[] manifest,
      byte[] signature)
      throws IOException {
    try (FileChannel sync = FileChannel.open(file, StandardOpenOption.WRITE)) {
      try (OutputStream raw = output.open(file);
          ZipOutputStream out =
              new ZipOutputStream(new BufferedOutputStream(raw), StandardCharsets.UTF_8)) {
        for (Map.Entry<String, BundleContent> f : files.entrySet()) {
          out.putNextEntry(entry(f.getKey(), digests.get(f.getKey())));
          f.getValue().writeTo(out);
          out.closeEntry();
        }
        out.putNextEntry(entry(BundleLayout.MANIFEST, null));
        out.write(manifest);
        out.closeEntry();
        out.putNextEntry(entry(BundleSignature.FILE, null));
        out.write(signature);
        out.closeEntry();
      }
      sync.force(true);
    }
  }

  /** Forces a folder's entries (a rename into it) to disk where the platform allows. */
  static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // not every platform can open a directory; the rename itself is atomic
    }
  }

  private static ZipEntry entry(String name, FileDigest stored) {
    ZipEntry e = new ZipEntry(name);
    e.setTimeLocal(ENTRY_TIME);
    if (stored != null && BundleLayout.isWarc(name)) {
      e.setMethod(ZipEntry.STORED);
      e.setSize(stored.size());
      e.setCompressedSize(stored.size());
      e.setCrc(stored.crc());
    }
    return e;
  }
}
