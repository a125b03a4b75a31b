package org.sitewatch.sink.evidence.warc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.sitewatch.common.warc.WarcRecordCheck;

/**
 * Reading single records of a gzip-compressed WARC file (one gzip member per record, as the crawler
 * and the bundle write them): where a member ends, and what its record says and hashes to. The gzip
 * CRC of every member is checked, so a changed byte anywhere in it is found; block and payload
 * digests are recomputed and compared with the record's own headers by {@link WarcRecordCheck}
 * (common, shared with the crawler).
 */
public final class StoredWarc {
  private static final int GZIP_TRAILER = 8;

  private StoredWarc() {}

  /**
   * The length in bytes of the gzip member starting at {@code offset}, read no further than {@code
   * end}.
   *
   * @throws IOException if there is no complete gzip member there
   */
  static long memberLength(SeekableByteChannel ch, long offset, long end) throws IOException {
    return memberLength(ch, offset, end, InflateBudget.UNLIMITED);
  }

  /**
   * {@link #memberLength(SeekableByteChannel, long, long)}, spending what it inflates from {@code
   * budget}.
   */
  public static long memberLength(
      SeekableByteChannel ch, long offset, long end, InflateBudget budget) throws IOException {
    BoundedStream in =
        new BoundedStream(Channels.newInputStream(ch.position(offset)), end - offset);
    byte[] head = in.readNBytes(10);
    if (head.length < 10 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b || head[2] != 8) {
      throw new IOException("no gzip member starts at offset " + offset);
    }
    int flags = head[3];
    long headerLength = 10;
    if ((flags & 4) != 0) { // FEXTRA
      byte[] xlen = in.readNBytes(2);
      int n = (xlen[0] & 0xff) | (xlen[1] & 0xff) << 8;
      headerLength += 2 + in.skipNBytes0(n);
    }
    for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & bit) != 0) {
        for (int b = in.read(); ; b = in.read()) {
          headerLength++;
          if (b <= 0) {
            if (b < 0) {
              throw new IOException("truncated gzip header at offset " + offset);
            }
            break;
          }
        }
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      headerLength += in.readNBytes(2).length;
    }
    Inflater inflater = new Inflater(true);
    try {
      byte[] input = new byte[16 * 1024];
      byte[] output = new byte[64 * 1024];
      while (!inflater.finished()) {
        if (inflater.needsInput()) {
          int n = in.read(input);
          if (n < 0) {
            throw new IOException("gzip member at offset " + offset + " is truncated");
          }
          inflater.setInput(input, 0, n);
        }
        budget.spend(inflater.inflate(output));
        if (inflater.needsDictionary()) {
          throw new IOException("gzip member at offset " + offset + " is not plain deflate");
        }
      }
      long length = headerLength + inflater.getBytesRead() + GZIP_TRAILER;
      if (offset + length > end) {
        throw new IOException("gzip member at offset " + offset + " is truncated");
      }
      return length;
    } catch (DataFormatException e) {
      throw new IOException(
          "gzip member at offset " + offset + " is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  /**
   * Reads the one record stored as the gzip member {@code [offset, offset + length)} and rehashes
   * it.
   *
   * @throws IOException if the bytes are not exactly one gzip member holding one WARC record
   */
  static WarcRecordCheck.Result check(SeekableByteChannel ch, long offset, long length)
      throws IOException {
    return check(ch, offset, length, InflateBudget.UNLIMITED);
  }

  /**
   * {@link #check(SeekableByteChannel, long, long)}, spending what it inflates from {@code budget}.
   */
  public static WarcRecordCheck.Result check(
      SeekableByteChannel ch, long offset, long length, InflateBudget budget) throws IOException {
    InputStream member = new BoundedStream(Channels.newInputStream(ch.position(offset)), length);
    try (GZIPInputStream gunzip = new GZIPInputStream(member, 16 * 1024)) {
      WarcReader reader = new WarcReader(budget.counting(gunzip));
      Optional<WarcRecord> next = reader.next();
      if (next.isEmpty()) {
        throw new IOException("no WARC record in the gzip member");
      }
      WarcRecord record = next.get();
      WarcRecordCheck.Result checked = WarcRecordCheck.check(record);
      if (reader.next().isPresent()) {
        throw new IOException("more than one WARC record in one gzip member");
      }
      return checked;
    } catch (org.netpreserve.jwarc.ParsingException e) {
      throw new IOException("not a WARC record (" + e.getMessage() + ")", e);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new IOException("gzip data is corrupt or truncated (" + e.getMessage() + ")", e);
    }
  }

  /** Reads {@code length} bytes at {@code offset} (small reads only, e.g. a magic number). */
  static ByteBuffer read(SeekableByteChannel ch, long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    ch.position(offset);
    while (buf.hasRemaining() && ch.read(buf) > 0) {
      // keep reading
    }
    return buf.flip();
  }
}
