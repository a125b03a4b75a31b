package org.sitewatch.sink.evidence.warc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sitewatch.common.warc.WarcRecordCheck;
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
  private final long scanBytes;
  private final int scanRecords;

  public DirectoryWarcSource(Path root) {
    this(root, DEFAULT_SCAN_BYTES, DEFAULT_SCAN_RECORDS);
  }

  public DirectoryWarcSource(Path root, long scanBytes, int scanRecords) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    if (scanBytes < 0 || scanRecords < 0) {
      throw new IllegalArgumentException("scan bounds must be >= 0");
    }
    this.scanBytes = scanBytes;
    this.scanRecords = scanRecords;
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
    String where = "record " + ref.recordId() + " at offset " + ref.offset() + " of " + ref.file();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (ref.length() == 0 || ref.offset() + ref.length() > size) {
        return WarcLookup.unavailable(
            where
                + ": "
                + ref.length()
                + " bytes from the offset lie beyond the end of the file ("
                + size
                + " bytes)");
      }
      WarcRecordCheck.Result response;
      try {
        response = StoredWarc.check(ch, ref.offset(), ref.length());
      } catch (IOException e) {
        return WarcLookup.unavailable(where + " is unreadable: " + e.getMessage());
      }
      if (!response.id().equals(ref.recordId())) {
        return WarcLookup.unavailable(where + ": the record there is " + response.id());
      }
      if (!response.problems().isEmpty()) {
        return WarcLookup.unavailable(where + ": " + messages(response));
      }
      if (!response.blockMatches(ref.blockDigest())) {
        return WarcLookup.unavailable(
            where
                + ": block digest "
                + response.block()
                + " differs from the lead's reference "
                + ref.blockDigest());
      }
      if (!ref.payloadDigest().isEmpty() && !response.payloadMatches(ref.payloadDigest())) {
        return WarcLookup.unavailable(
            where
                + ": payload digest "
                + response.payload()
                + " differs from the lead's reference "
                + ref.payloadDigest());
      }
      List<String> notes = new ArrayList<>();
      List<WarcSlice> before = concurrent(ch, file, ref, backwardChain(ch, ref.offset()), notes);
      List<WarcSlice> after =
          concurrent(ch, file, ref, forwardChain(ch, ref.offset() + ref.length(), size), notes);
      List<WarcSlice> records = new ArrayList<>();
      records.add(new WarcSlice(file, ref.offset(), ref.length(), response.id(), response.type()));
      records.addAll(before);
      records.addAll(after);
      return WarcLookup.found(records, notes);
    } catch (IOException e) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " cannot be read: " + e.getMessage());
    }
  }

  /** Members {@code [offset, length]} following {@code start}, within the scan bounds. */
  private List<long[]> forwardChain(FileChannel ch, long start, long size) {
    List<long[]> chain = new ArrayList<>();
    long end = Math.min(size, start + scanBytes);
    long at = start;
    while (at < end && chain.size() < scanRecords) {
      try {
        long length = StoredWarc.memberLength(ch, at, size);
        chain.add(new long[] {at, length});
        at += length;
      } catch (IOException e) {
        break; // end of what can be read; the response itself was fine
      }
    }
    return chain;
  }

  /** The members just before {@code offset}: the first chain from a gzip signature ending there. */
  private List<long[]> backwardChain(FileChannel ch, long offset) throws IOException {
    long from = Math.max(0, offset - scanBytes);
    ByteBuffer window = StoredWarc.read(ch, from, (int) (offset - from));
    for (int i = 0; i + 2 < window.limit(); i++) {
      if ((window.get(i) & 0xff) != 0x1f
          || (window.get(i + 1) & 0xff) != 0x8b
          || window.get(i + 2) != 8) {
        continue;
      }
      List<long[]> chain = new ArrayList<>();
      long at = from + i;
      try {
        while (at < offset && chain.size() < scanRecords) {
          long length = StoredWarc.memberLength(ch, at, offset);
          chain.add(new long[] {at, length});
          at += length;
        }
      } catch (IOException e) {
        continue; // not a member boundary after all
      }
      if (at == offset) {
        return chain;
      }
    }
    return List.of();
  }

  private static List<WarcSlice> concurrent(
      FileChannel ch, Path file, WarcRef ref, List<long[]> members, List<String> notes) {
    List<WarcSlice> found = new ArrayList<>();
    for (long[] m : members) {
      WarcRecordCheck.Result c;
      try {
        c = StoredWarc.check(ch, m[0], m[1]);
      } catch (IOException e) {
        continue; // a neighbour that cannot be read cannot be told to belong to this page
      }
      if (!c.concurrentTo().contains(ref.recordId())) {
        continue;
      }
      if (!c.problems().isEmpty()) {
        notes.add(
            c.type()
                + " record "
                + c.id()
                + " concurrent to "
                + ref.recordId()
                + " in "
                + ref.file()
                + " not copied: "
                + messages(c));
        continue;
      }
      found.add(new WarcSlice(file, m[0], m[1], c.id(), c.type()));
    }
    return found;
  }

  /** The record's problems in one sentence. */
  private static String messages(WarcRecordCheck.Result record) {
    return String.join(
        "; ", record.problems().stream().map(WarcRecordCheck.Problem::message).toList());
  }
}
