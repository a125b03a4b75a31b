package org.sitewatch.common.warc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;
import org.sitewatch.common.digest.Sha256;

/**
 * Rehashes one WARC record and compares its digests with its own headers. The block digest is
 * computed over the whole block; the payload digest over what follows the HTTP header block (the
 * first empty line, CRLF CRLF or LF LF) of an {@code application/http} block, as stored, and over
 * the whole block of any other record. Every record is hashed with SHA-256, plus the algorithm its
 * header declares if that is another one, so a caller can also compare a digest kept elsewhere (a
 * {@code WarcRef}) with {@link Result#blockMatches} / {@link Result#payloadMatches}.
 *
 * <p>The body is streamed, never held in memory. Reading the record's body consumes it.
 */
public final class WarcRecordCheck {
  /** What is wrong with a record. */
  public enum Kind {
    /** The block digest header does not match the block, or cannot be read. */
    BLOCK_DIGEST,
    /** The payload digest does not match, cannot be read, or the HTTP head has no end. */
    PAYLOAD_DIGEST,
    /** The record has no {@code WARC-Block-Digest}. */
    MISSING_DIGEST,
    /** The record (or file) cannot be read. */
    UNREADABLE
  }

  /**
   * One problem.
   *
   * @param expected the digest the header declares ({@link WarcDigest#toString()} form), or the
   *     header text when it cannot be read, or ""
   * @param actual the digest computed, or what prevented the check
   * @param message a sentence for a report, e.g. {@code block digest does not match: header says
   *     sha256:..., content gives sha256:...}
   */
  public record Problem(Kind kind, String expected, String actual, String message) {}

  /**
   * One record as read and rehashed.
   *
   * @param id the {@code WARC-Record-ID} as written (with angle brackets), "" if absent
   * @param blockDigests recomputed block digests by normalised algorithm name (always {@code
   *     sha256}, plus the header's algorithm)
   * @param payloadDigests the same for the payload
   * @param problems header digests that do not match, are unreadable or absent
   */
  public record Result(
      String id,
      String type,
      List<String> concurrentTo,
      Map<String, WarcDigest> blockDigests,
      Map<String, WarcDigest> payloadDigests,
      List<Problem> problems) {
    public Result {
      concurrentTo = List.copyOf(concurrentTo);
      blockDigests = Map.copyOf(blockDigests);
      payloadDigests = Map.copyOf(payloadDigests);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }

    /** Whether {@code expected} (e.g. {@code sha256:BASE32}) equals the recomputed block digest. */
    public boolean blockMatches(String expected) {
      return matches(expected, blockDigests);
    }

    /** Whether {@code expected} equals the recomputed payload digest. */
    public boolean payloadMatches(String expected) {
      return matches(expected, payloadDigests);
    }

    /** The recomputed SHA-256 block digest, {@code sha256:BASE32}. */
    public String block() {
      return blockDigests.get(WarcDigests.SHA256).prefixedBase32();
    }

    /** The recomputed SHA-256 payload digest, {@code sha256:BASE32}. */
    public String payload() {
      return payloadDigests.get(WarcDigests.SHA256).prefixedBase32();
    }

    private static boolean matches(String expected, Map<String, WarcDigest> computed) {
      WarcDigest e = WarcDigests.parse(expected).orElse(null);
      return e != null
          && WarcDigests.same(e, computed.get(WarcDigests.normalAlgorithm(e.algorithm())));
    }
  }

  private WarcRecordCheck() {}

  /**
   * Reads the body of {@code record} to its end and checks both digests.
   *
   * @throws IOException if the body cannot be read
   */
  public static Result check(WarcRecord record) throws IOException {
    Optional<String> blockText = record.headers().first("WARC-Block-Digest");
    Optional<String> payloadText = record.headers().first("WARC-Payload-Digest");
    Optional<WarcDigest> blockHeader = blockText.flatMap(WarcDigests::parse);
    Optional<WarcDigest> payloadHeader = payloadText.flatMap(WarcDigests::parse);
    Map<String, MessageDigest> block = digesters(blockHeader);
    Map<String, MessageDigest> payload = digesters(payloadHeader);
    boolean http =
        record
            .headers()
            .first("Content-Type")
            .orElse("")
            .toLowerCase(Locale.ROOT)
            .strip()
            .startsWith("application/http");
    HashingSink sink = new HashingSink(block.values(), payload.values(), http);
    try (InputStream body = record.body().stream()) {
      body.transferTo(sink);
    }
    Map<String, WarcDigest> blockDigests = finish(block);
    Map<String, WarcDigest> payloadDigests = finish(payload);

    List<Problem> problems = new ArrayList<>();
    if (blockText.isEmpty()) {
      problems.add(
          new Problem(Kind.MISSING_DIGEST, "", "no WARC-Block-Digest", "has no WARC-Block-Digest"));
    } else {
      compare(Kind.BLOCK_DIGEST, "block", blockText.get(), blockHeader, blockDigests, problems);
    }
    if (payloadText.isPresent()) {
      if (!sink.inPayload && payloadHeader.isPresent()) {
        problems.add(
            new Problem(
                Kind.PAYLOAD_DIGEST,
                payloadHeader.get().toString(),
                "no end of HTTP header block",
                "payload digest cannot be checked: the HTTP header block has no end"));
      } else {
        compare(
            Kind.PAYLOAD_DIGEST,
            "payload",
            payloadText.get(),
            payloadHeader,
            payloadDigests,
            problems);
      }
    }
    return new Result(
        record.headers().first("WARC-Record-ID").orElse(""),
        record.type(),
        record.headers().all("WARC-Concurrent-To"),
        blockDigests,
        payloadDigests,
        problems);
  }

  /** Index just past the first CRLF CRLF or LF LF of {@code block} (the HTTP head's end), or -1. */
  public static int httpHeadEnd(byte[] block) {
    int last4 = 0;
    for (int i = 0; i < block.length; i++) {
      last4 = (last4 << 8) | (block[i] & 0xff);
      if (last4 == 0x0d0a0d0a || (i > 0 && (last4 & 0xffff) == 0x0a0a)) {
        return i + 1;
      }
    }
    return -1;
  }

  private static void compare(
      Kind kind,
      String what,
      String text,
      Optional<WarcDigest> header,
      Map<String, WarcDigest> computed,
      List<Problem> problems) {
    if (header.isEmpty()) {
      problems.add(
          new Problem(
              kind,
              text,
              "unreadable",
              "WARC-"
                  + (kind == Kind.BLOCK_DIGEST ? "Block" : "Payload")
                  + "-Digest is unreadable: "
                  + text));
      return;
    }
    WarcDigest declared = header.get();
    WarcDigest actual = computed.get(WarcDigests.normalAlgorithm(declared.algorithm()));
    if (actual == null) {
      problems.add(
          new Problem(
              kind,
              declared.toString(),
              "unknown algorithm",
              what + " digest cannot be checked: unknown algorithm " + declared.algorithm()));
    } else if (!WarcDigests.same(declared, actual)) {
      problems.add(
          new Problem(
              kind,
              declared.toString(),
              actual.toString(),
              what
                  + " digest does not match: header says "
                  + declared.prefixedBase32()
                  + ", content gives "
                  + actual.prefixedBase32()));
    }
  }

  private static Map<String, MessageDigest> digesters(Optional<WarcDigest> header) {
    Map<String, MessageDigest> out = new LinkedHashMap<>();
    out.put(WarcDigests.SHA256, Sha256.newDigest());
    if (header.isPresent()) {
      String name = WarcDigests.normalAlgorithm(header.get().algorithm());
      if (!out.containsKey(name)) {
        try {
          out.put(name, header.get().getDigester());
        } catch (NoSuchAlgorithmException e) {
          // an algorithm this JVM lacks: reported as such by compare()
        }
      }
    }
    return out;
  }

  private static Map<String, WarcDigest> finish(Map<String, MessageDigest> digesters) {
    Map<String, WarcDigest> out = new LinkedHashMap<>();
    digesters.forEach((name, md) -> out.put(name, new WarcDigest(name, md.digest())));
    return out;
  }

  /** Feeds the block to the block digests, and what follows the HTTP head to the payload's. */
  private static final class HashingSink extends OutputStream {
    private final List<MessageDigest> block;
    private final List<MessageDigest> payload;
    private boolean inPayload;
    private int last4;
    private long seen;

    HashingSink(Collection<MessageDigest> block, Collection<MessageDigest> payload, boolean http) {
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
          seen++;
          if (last4 == 0x0d0a0d0a || (seen > 1 && (last4 & 0xffff) == 0x0a0a)) {
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
}
