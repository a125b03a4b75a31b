package org.sitewatch.sink.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A bundle's files read into memory, and a bundle rewritten with changed files (as a forger would).
 */
public final class BundleFiles {
  private BundleFiles() {}

  public static LinkedHashMap<String, byte[]> read(Path zip) throws IOException {
    LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        files.put(e.getName(), z.readAllBytes());
      }
    }
    return files;
  }

  public static void rewrite(Path zip, Consumer<LinkedHashMap<String, byte[]>> change)
      throws IOException {
    LinkedHashMap<String, byte[]> files = read(zip);
    change.accept(files);
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        ZipEntry entry = new ZipEntry(f.getKey());
        if (f.getKey().endsWith(".warc.gz")) { // as the exporter stores them
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(f.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(f.getValue().length);
          entry.setCrc(crc.getValue());
        }
        z.putNextEntry(entry);
        z.write(f.getValue());
        z.closeEntry();
      }
    }
  }
}
