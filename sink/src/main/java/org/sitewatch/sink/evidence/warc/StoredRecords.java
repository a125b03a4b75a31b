package org.sitewatch.sink.evidence.warc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.sitewatch.common.warc.WarcRecordCheck;
import org.sitewatch.events.WarcRef;

/**
 * Finding and checking a page's records in one stored WARC file, wherever the file is (a folder, an
 * object store): the response record at the reference's offset and length, then the records
 * concurrent to it within the scan bounds. See {@link DirectoryWarcSource} for the rules.
 */
final class StoredRecords {
  private final long scanBytes;
  private final int scanRecords;

  StoredRecords(long scanBytes, int scanRecords) {
    if (scanBytes < 0 || scanRecords < 0) {
      throw new IllegalArgumentException("scan bounds must be >= 0");
    }
    this.scanBytes = scanBytes;
    this.scanRecords = scanRecords;
  }

  /**
   * The records of {@code ref} in the file open as {@code ch}; {@code source} opens the same file
   * again when the slices are copied.
   */
  WarcLookup locate(WarcRef ref, SeekableByteChannel ch, WarcSlice.Source source) {
    String where = "record " + ref.recordId() + " at offset " + ref.offset() + " of " + ref.file();
    try {
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
      List<WarcSlice> before = concurrent(ch, source, ref, backwardChain(ch, ref.offset()), notes);
      List<WarcSlice> after =
          concurrent(ch, source, ref, forwardChain(ch, ref.offset() + ref.length(), size), notes);
      List<WarcSlice> records = new ArrayList<>();
      records.add(
          new WarcSlice(
              ref.file(), ref.offset(), ref.length(), response.id(), response.type(), source));
      records.addAll(before);
      records.addAll(after);
      return WarcLookup.found(records, notes);
    } catch (IOException e) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " cannot be read: " + e.getMessage());
    }
  }

  /** Members {@code [offset, length]} following {@code start}, within the scan bounds. */
  private List<long[]> forwardChain(SeekableByteChannel ch, long start, long size) {
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
  private List<long[]> backwardChain(SeekableByteChannel ch, long offset) throws IOException {
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
      SeekableByteChannel ch,
      WarcSlice.Source source,
      WarcRef ref,
      List<long[]> members,
      List<String> notes) {
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
      found.add(new WarcSlice(ref.file(), m[0], m[1], c.id(), c.type(), source));
    }
    return found;
  }

  /** The record's problems in one sentence. */
  private static String messages(WarcRecordCheck.Result record) {
    return String.join(
        "; ", record.problems().stream().map(WarcRecordCheck.Problem::message).toList());
  }
}
