package org.sitewatch.sink.evidence.warc;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.sitewatch.events.WarcRef;

/**
 * The crawler's WARC store as a {@link WarcSource}: a directory of {@code *.warc.gz} files, one
 * gzip member per record, which {@link WarcRef#file()} names relative to the root.
 *
 * <p>For a page it reads the response record at the reference's offset and length, checks that it
 * is exactly one gzip member with the referenced record ID, and that its block and payload digests
 * match both its own headers and the reference. It then looks for the records concurrent to it
 * (request, metadata: {@code WARC-Concurrent-To} naming the response) in the same file, a bounded
 * number of bytes before and after the response, and copies those that read and hash cleanly.
 * Backwards, gzip members cannot be found by walking, so the scan tries each gzip header signature
 * in the window and keeps the first chain of members that ends exactly where the response starts.
 */
public final class DirectoryWarcSource implements WarcSource {
  /** The store's default directory, relative to the working directory: the crawler's default. */
  public static final String DEFAULT_ROOT = "sitewatch-warc";

  /** How far before and after the response record the concurrent records are looked for. */
  public static final long DEFAULT_SCAN_BYTES = 1 << 20;

  /** How many records at most are read on each side of the response record. */
  public static final int DEFAULT_SCAN_RECORDS = 16;

  private final Path root;
  private final StoredRecords records;

  public DirectoryWarcSource(Path root) {
    this(root, DEFAULT_SCAN_BYTES, DEFAULT_SCAN_RECORDS);
  }

  public DirectoryWarcSource(Path root, long scanBytes, int scanRecords) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.records = new StoredRecords(scanBytes, scanRecords);
  }

  /** The store's directory. */
  public Path root() {
    return root;
  }

  @Override
  public WarcLookup lookup(WarcRef ref) {
    Objects.requireNonNull(ref, "ref");
    Path file;
    try {
      file = root.resolve(ref.file()).normalize();
    } catch (RuntimeException e) {
      return WarcLookup.unavailable("WARC file name " + ref.file() + " is not a valid path");
    }
    if (!file.startsWith(root) || file.equals(root)) {
      return WarcLookup.unavailable(
          "WARC file name " + ref.file() + " points outside the store " + root);
    }
    if (!Files.isRegularFile(file)) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " is missing from the store " + root);
    }
    try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
      return records.locate(ref, ch, WarcSlice.Source.of(file));
    } catch (IOException e) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " cannot be read: " + e.getMessage());
    }
  }
}
