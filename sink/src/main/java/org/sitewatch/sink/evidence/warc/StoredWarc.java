package org.sitewatch.sink.evidence.warc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Reading single records of a gzip-compressed WARC file (one gzip member per record, as the
 * crawler and the bundle write them): where a member ends, and what its record says and hashes to.
 * The gzip CRC of every member is checked, so a changed byte anywhere in it is found; block and
 * payload digests are recomputed and compared with the record's own headers.
 *
 * <p>The payload of an {@code application/http} block is everything after the HTTP header block
 * (the first empty line), as stored; of any other block, the whole block.
 */
public final class StoredWarc {
  private static final String DEFAULT_ALGORITHM = "sha256";
  private static final int GZIP_TRAILER = 8;

  private StoredWarc() {}

  /**
   * One record as read and rehashed.
   *
   * @param blockDigests recomputed block digests by normalised algorithm name (always sha256, plus
   *     the header's algorithm)
   * @param payloadDigests the same for the payload
   * @param problems header digests that do not match, or are absent
   */
  public record Checked(
      String id,
      String type,
      List<String> concurrentTo,
      Map<String, WarcDigest> blockDigests,
      Map<String, WarcDigest> payloadDigests,
      List<String> problems) {
    public Checked {
      concurrentTo = List.copyOf(concurrentTo);
      blockDigests = Map.copyOf(blockDigests);
      payloadDigests = Map.copyOf(payloadDigests);
      problems = List.copyOf(problems);
    }

    /** Whether {@code expected} (e.g. {@code sha256:BASE32}) equals the recomputed block digest. */
    public boolean blockMatches(String expected) {
      return matches(expected, blockDigests);
    }

    public boolean payloadMatches(String expected) {
      return matches(expected, payloadDigests);
    }

    public String block() {
      return blockDigests.get(DEFAULT_ALGORITHM).prefixedBase32();
    }

    public String payload() {
      return payloadDigests.get(DEFAULT_ALGORITHM).prefixedBase32();
    }

    private static boolean matches(String expected, Map<String, WarcDigest> computed) {
      WarcDigest e = parse(expected).orElse(null);
      return e != null && e.equals(computed.get(normal(e.algorithm())));
    }
  }

  /**
   * The length in bytes of the gzip member starting at {@code offset}, read no further than
   * {@code end}.
   *
   * @throws IOException if there is no complete gzip member there
   */
  static long memberLength(FileChannel ch, long offset, long end) throws IOException {
    return memberLength(ch, offset, end, InflateBudget.UNLIMITED);
  }

  /** {@link #memberLength(FileChannel, long, long)}, spending what it inflates from {@code budget}. */
  public static long memberLength(FileChannel ch, long offset, long end, InflateBudget budget) throws IOException {
    BoundedStream in = new BoundedStream(Channels.newInputStream(ch.position(offset)), end - offset);
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
      throw new IOException("gzip member at offset " + offset + " is corrupt: " + e.getMessage(), e);
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
  static Checked check(FileChannel ch, long offset, long length) throws IOException {
    return check(ch, offset, length, InflateBudget.UNLIMITED);
  }

  /** {@link #check(FileChannel, long, long)}, spending what it inflates from {@code budget}. */
  public static Checked check(FileChannel ch, long offset, long length, InflateBudget budget) throws IOException {
    InputStream member = new BoundedStream(Channels.newInputStream(ch.position(offset)), length);
    try (GZIPInputStream gunzip = new GZIPInputStream(member, 16 * 1024)) {
      WarcReader reader = new WarcReader(budget.counting(gunzip));
      Optional<WarcRecord> next = reader.next();
      if (next.isEmpty()) {
        throw new IOException("no WARC record in the gzip member");
      }
      WarcRecord record = next.get();
      Checked checked = rehash(record);
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

  private static Checked rehash(WarcRecord record) throws IOException {
    Optional<WarcDigest> blockHeader = record.headers().first("WARC-Block-Digest").flatMap(StoredWarc::parse);
    Optional<WarcDigest> payloadHeader = record.headers().first("WARC-Payload-Digest").flatMap(StoredWarc::parse);
    Map<String, MessageDigest> block = digesters(blockHeader);
    Map<String, MessageDigest> payload = digesters(payloadHeader);
    boolean http = record.headers().first("Content-Type").orElse("").toLowerCase(Locale.ROOT)
        .startsWith("application/http");
    HashingSink sink = new HashingSink(block.values(), payload.values(), http);
    try (InputStream body = record.body().stream()) {
      body.transferTo(sink);
    }
    Map<String, WarcDigest> blockDigests = finish(block);
    Map<String, WarcDigest> payloadDigests = finish(payload);

    List<String> problems = new ArrayList<>();
    if (record.headers().first("WARC-Block-Digest").isEmpty()) {
      problems.add("has no WARC-Block-Digest");
    } else if (blockHeader.isEmpty()) {
      problems.add("WARC-Block-Digest is unreadable: " + record.headers().first("WARC-Block-Digest").get());
    } else if (!blockHeader.get().equals(blockDigests.get(normal(blockHeader.get().algorithm())))) {
      problems.add("block digest does not match: header says " + blockHeader.get().prefixedBase32()
          + ", content gives " + blockDigests.get(normal(blockHeader.get().algorithm())).prefixedBase32());
    }
    record.headers().first("WARC-Payload-Digest").ifPresent(text -> {
      if (payloadHeader.isEmpty()) {
        problems.add("WARC-Payload-Digest is unreadable: " + text);
      } else if (!payloadHeader.get().equals(payloadDigests.get(normal(payloadHeader.get().algorithm())))) {
        problems.add("payload digest does not match: header says " + payloadHeader.get().prefixedBase32()
            + ", content gives " + payloadDigests.get(normal(payloadHeader.get().algorithm())).prefixedBase32());
      }
    });
    List<String> concurrent = record.headers().all("WARC-Concurrent-To");
    return new Checked(record.headers().first("WARC-Record-ID").orElse(""), record.type(), concurrent,
        blockDigests, payloadDigests, problems);
  }

  static Optional<WarcDigest> parse(String text) {
    if (text == null || text.isBlank() || text.indexOf(':') < 1) {
      return Optional.empty();
    }
    try {
      WarcDigest d = new WarcDigest(text.trim());
      d.bytes();
      return Optional.of(d);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static String normal(String algorithm) {
    return algorithm.toLowerCase(Locale.ROOT).replace("-", "");
  }

  private static Map<String, MessageDigest> digesters(Optional<WarcDigest> header) {
    Map<String, MessageDigest> out = new LinkedHashMap<>();
    try {
      out.put(DEFAULT_ALGORITHM, MessageDigest.getInstance("SHA-256"));
      if (header.isPresent() && !out.containsKey(normal(header.get().algorithm()))) {
        out.put(normal(header.get().algorithm()), header.get().getDigester());
      }
    } catch (NoSuchAlgorithmException e) {
      // an algorithm this JVM lacks: its digest is reported as not matching
    }
    return out;
  }

  private static Map<String, WarcDigest> finish(Map<String, MessageDigest> digesters) {
    Map<String, WarcDigest> out = new LinkedHashMap<>();
    digesters.forEach((name, md) -> out.put(name, new WarcDigest(name, md.digest())));
    return out;
  }

  /** Feeds the block to the block digests, and what follows the HTTP header block to the payload's. */
  private static final class HashingSink extends OutputStream {
    private final List<MessageDigest> block;
    private final List<MessageDigest> payload;
    private boolean inPayload;
    private int last4;

    HashingSink(java.util.Collection<MessageDigest> block, java.util.Collection<MessageDigest> payload,
        boolean http) {
      this.block = List.copyOf(block);
      this.payload = List.copyOf(payload);
      this.inPayload = !http;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      block.forEach(md -> md.update(b, off, len));
      int start = off;
      if (!inPayload) {
        int end = off + len;
        for (int i = off; i < end && !inPayload; i++) {
          last4 = (last4 << 8) | (b[i] & 0xff);
          if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
            inPayload = true;
            start = i + 1;
          }
        }
        if (!inPayload) {
          return;
        }
      }
      int from = start;
      payload.forEach(md -> md.update(b, from, off + len - from));
    }
  }

  /** Reads {@code length} bytes at {@code offset} (small reads only, e.g. a magic number). */
  static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
      // keep reading
    }
    return buf.flip();
  }
}
