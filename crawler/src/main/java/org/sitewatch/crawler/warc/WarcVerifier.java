package org.sitewatch.crawler.warc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcTargetRecord;

/**
 * Re-reads every record of a WARC file and recomputes its digests: the block digest over the
 * record's whole block, and, for records whose block is an HTTP message ({@code application/http}),
 * the payload digest over what follows the HTTP header block (the entity body as stored). A record
 * without a block digest, a digest that does not match, or a record that cannot be read is a
 * problem; reading a file stops at the first unreadable record.
 */
public final class WarcVerifier {
  /** What went wrong with one record. */
  public enum Kind {
    BLOCK_DIGEST,
    PAYLOAD_DIGEST,
    MISSING_DIGEST,
    UNREADABLE
  }

  /**
   * One problem.
   *
   * @param file the file as given
   * @param offset byte offset of the record (of its gzip member in a compressed file), -1 if unknown
   * @param recordId the record's id, or "" when it could not be read
   * @param expected the digest the record declares ("" for an unreadable record)
   * @param actual the digest computed, or the read error
   */
  public record Problem(
      String file, long offset, String recordId, Kind kind, String expected, String actual) {}

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
        problems.add(new Problem(file.toString(), -1, "", Kind.UNREADABLE, "", e.toString()));
      }
    }
    return new Report(files.size(), records, bytes, problems);
  }

  /** Verifies one open file; returns the number of records read, adds problems to the list. */
  static long verify(String name, SeekableByteChannel channel, List<Problem> problems) {
    long count = 0;
    long lastGood = 0;
    try (WarcReader reader = new WarcReader(channel)) {
      while (true) {
        Optional<WarcRecord> next;
        try {
          next = reader.next();
        } catch (IOException | RuntimeException e) {
          problems.add(new Problem(name, lastGood, "", Kind.UNREADABLE, "", e.toString()));
          return count;
        }
        if (next.isEmpty()) {
          return count;
        }
        WarcRecord record = next.get();
        long offset = record.position();
        String id = "<" + record.id() + ">";
        byte[] block;
        try (InputStream in = record.body().stream()) {
          block = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
          problems.add(new Problem(name, offset, id, Kind.UNREADABLE, "", e.toString()));
          return count;
        }
        count++;
        lastGood = offset;
        Optional<WarcDigest> declared = record.blockDigest();
        if (declared.isEmpty()) {
          problems.add(new Problem(name, offset, id, Kind.MISSING_DIGEST, "", "no WARC-Block-Digest"));
        } else {
          check(name, offset, id, Kind.BLOCK_DIGEST, declared.get(), block, 0, problems);
        }
        if (record instanceof WarcTargetRecord target
            && target.payloadDigest().isPresent()
            && record.contentType().base().toString().equals("application/http")) {
          int start = headEnd(block);
          if (start < 0) {
            problems.add(
                new Problem(name, offset, id, Kind.PAYLOAD_DIGEST,
                    target.payloadDigest().get().toString(), "no end of HTTP header block"));
          } else {
            check(name, offset, id, Kind.PAYLOAD_DIGEST, target.payloadDigest().get(), block, start,
                problems);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(new Problem(name, lastGood, "", Kind.UNREADABLE, "", e.toString()));
      return count;
    }
  }

  private static void check(String name, long offset, String id, Kind kind, WarcDigest declared,
      byte[] block, int from, List<Problem> problems) {
    MessageDigest md;
    try {
      md = declared.getDigester();
    } catch (NoSuchAlgorithmException e) {
      problems.add(new Problem(name, offset, id, kind, declared.toString(), "unknown algorithm"));
      return;
    }
    md.update(block, from, block.length - from);
    WarcDigest actual = new WarcDigest(md);
    if (!Arrays.equals(actual.bytes(), declared.bytes())) {
      problems.add(new Problem(name, offset, id, kind, declared.toString(), actual.toString()));
    }
  }

  /** Index just past the CRLF CRLF that ends an HTTP header block, or -1. */
  static int headEnd(byte[] block) {
    for (int i = 0; i + 3 < block.length; i++) {
      if (block[i] == '\r' && block[i + 1] == '\n' && block[i + 2] == '\r' && block[i + 3] == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  /** Reads the response record a {@code WarcRef} points at, for tests and tools. */
  public static WarcRecord readAt(SeekableByteChannel channel, long offset) throws IOException {
    Objects.requireNonNull(channel, "channel");
    channel.position(offset);
    WarcReader reader = new WarcReader(Channels.newInputStream(channel));
    return reader.next().orElseThrow(() -> new IOException("no record at offset " + offset));
  }
}
