package org.sitewatch.common.warc;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Re-reads every record of WARC files (compressed or not) and checks each with {@link
 * WarcRecordCheck}: a record without a block digest, a digest that does not match, or a record that
 * cannot be read is a problem; reading a file stops at the first unreadable record. Used by {@code
 * sitewatch warc verify} and the crawler's tests; the sink's evidence bundles check their records
 * one gzip member at a time with {@link WarcRecordCheck} directly.
 */
public final class WarcVerifier {
  /**
   * One problem.
   *
   * @param file the file as given
   * @param offset byte offset of the record (of its gzip member in a compressed file), -1 if
   *     unknown
   * @param recordId the record's id, or "" when it could not be read
   * @param expected the digest the record declares ("" for an unreadable record)
   * @param actual the digest computed, or the read error
   */
  public record Problem(
      String file,
      long offset,
      String recordId,
      WarcRecordCheck.Kind kind,
      String expected,
      String actual) {}

  /** The result for one or more files. */
  public record Report(int files, long records, long bytes, List<Problem> problems) {
    public Report {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Verifies the given files. */
  public Report verify(List<Path> files) {
    List<Problem> problems = new ArrayList<>();
    long records = 0;
    long bytes = 0;
    for (Path file : files) {
      try (SeekableByteChannel channel = Files.newByteChannel(file)) {
        bytes += channel.size();
        records += verify(file.toString(), channel, problems);
      } catch (IOException e) {
        problems.add(
            new Problem(
                file.toString(), -1, "", WarcRecordCheck.Kind.UNREADABLE, "", e.toString()));
      }
    }
    return new Report(files.size(), records, bytes, problems);
  }

  /** Verifies one open file; returns the number of records read, adds problems to the list. */
  public static long verify(String name, SeekableByteChannel channel, List<Problem> problems) {
    long count = 0;
    long lastGood = 0;
    try (WarcReader reader = new WarcReader(channel)) {
      while (true) {
        Optional<WarcRecord> next;
        try {
          next = reader.next();
        } catch (IOException | RuntimeException e) {
          // the reader's position is the record it failed to read (the previous one when that
          // record's own end is what is broken), not the last record read well
          problems.add(unreadable(name, reader.position(), "", e));
          return count;
        }
        if (next.isEmpty()) {
          return count;
        }
        WarcRecord record = next.get();
        long offset = record.position();
        String id = "<" + record.id() + ">";
        WarcRecordCheck.Result checked;
        try {
          checked = WarcRecordCheck.check(record);
        } catch (IOException | RuntimeException e) {
          problems.add(unreadable(name, offset, id, e));
          return count;
        }
        count++;
        lastGood = offset;
        for (WarcRecordCheck.Problem p : checked.problems()) {
          problems.add(new Problem(name, offset, id, p.kind(), p.expected(), p.actual()));
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(unreadable(name, lastGood, "", e));
      return count;
    }
  }

  private static Problem unreadable(String name, long offset, String id, Exception e) {
    return new Problem(name, offset, id, WarcRecordCheck.Kind.UNREADABLE, "", e.toString());
  }

  /** Reads the record a {@code WarcRef} points at (its offset), for tests and tools. */
  public static WarcRecord readAt(SeekableByteChannel channel, long offset) throws IOException {
    Objects.requireNonNull(channel, "channel");
    channel.position(offset);
    WarcReader reader = new WarcReader(Channels.newInputStream(channel));
    return reader.next().orElseThrow(() -> new IOException("no record at offset " + offset));
  }
}
