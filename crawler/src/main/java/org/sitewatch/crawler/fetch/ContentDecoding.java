package org.sitewatch.crawler.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Undoes HTTP content codings ({@code gzip}, {@code deflate}, {@code br}; several in a row as
 * listed) under a cap on the decoded size, so a small compressed body that expands to gigabytes (a
 * "gzip bomb") costs at most {@code cap} bytes of memory. The HTTP client itself is told not to
 * decode, so the raw bytes stay available for the WARC record.
 */
final class ContentDecoding {
  /** The header value the crawler sends: the codings it can undo. */
  static final String ACCEPT_ENCODING = "gzip, deflate, br";

  /** Most content codings undone for one body; a longer list is refused (no browser sends it). */
  static final int MAX_CODINGS = 3;

  /**
   * @param bytes the decoded body, at most the cap
   * @param capped whether decoding stopped at the cap (more would have followed)
   * @param problem why decoding ended early or was not attempted, or {@code null}
   * @param refused whether the response is unusable as a page (more than {@link #MAX_CODINGS}
   *     codings): the fetch fails with {@code problem} as its reason
   */
  record Result(byte[] bytes, boolean capped, String problem, boolean refused) {
    Result(byte[] bytes, boolean capped, String problem) {
      this(bytes, capped, problem, false);
    }
  }

  private ContentDecoding() {}

  /**
   * Undoes the codings one layer at a time: each layer is decoded completely (under the cap) before
   * the next one starts, so no chain of nested streams (and no recursion) grows with the number of
   * layers.
   */
  static Result decode(byte[] raw, String contentEncoding, int cap) {
    List<String> codings = codings(contentEncoding);
    if (codings.isEmpty()) {
      return raw.length > cap
          ? new Result(java.util.Arrays.copyOf(raw, cap), true, null)
          : new Result(raw, false, null);
    }
    if (codings.size() > MAX_CODINGS) {
      return new Result(
          new byte[0],
          false,
          "Content-Encoding lists "
              + codings.size()
              + " codings, more than the "
              + MAX_CODINGS
              + " a crawler undoes: body not decoded",
          true);
    }
    for (String coding : codings) {
      if (!coding.equals("gzip")
          && !coding.equals("x-gzip")
          && !coding.equals("deflate")
          && !coding.equals("br")) {
        return new Result(
            raw.length > cap ? java.util.Arrays.copyOf(raw, cap) : raw,
            raw.length > cap,
            "unsupported content coding '" + coding + "': body kept as received");
      }
    }
    byte[] layer = raw;
    boolean capped = false;
    // codings are listed in the order they were applied: undo the last one first
    for (int i = codings.size() - 1; i >= 0; i--) {
      Result step = decodeOne(codings.get(i), layer, cap, contentEncoding);
      capped |= step.capped();
      if (step.problem() != null) {
        return new Result(step.bytes(), capped, step.problem());
      }
      layer = step.bytes();
    }
    return new Result(layer, capped, null);
  }

  private static Result decodeOne(String coding, byte[] input, int cap, String contentEncoding) {
    byte[] buffer = new byte[Math.min(cap, 64 * 1024) + 1];
    java.io.ByteArrayOutputStream out =
        new java.io.ByteArrayOutputStream((int) Math.min(cap, input.length * 4L + 16));
    InputStream decoding;
    try {
      decoding = decoder(coding, new ByteArrayInputStream(input), input);
    } catch (IOException e) {
      return new Result(
          new byte[0], false, "cannot decode " + contentEncoding + ": " + e.getMessage());
    }
    try (decoding) {
      while (out.size() < cap) {
        int n = decoding.read(buffer, 0, Math.min(buffer.length, cap - out.size()));
        if (n < 0) {
          return new Result(out.toByteArray(), false, null);
        }
        out.write(buffer, 0, n);
      }
      boolean more = decoding.read() >= 0;
      return new Result(out.toByteArray(), more, null);
    } catch (IOException e) {
      // a body cut at the raw cap, or a broken stream: keep what decoded
      return new Result(
          out.toByteArray(),
          false,
          "decoding " + contentEncoding + " ended early: " + e.getMessage());
    }
  }

  private static InputStream decoder(String coding, InputStream in, byte[] raw) throws IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in, 8192);
      case "br" -> new BrotliInputStream(in);
      // "deflate" should be zlib-wrapped, but servers often send raw deflate
      default -> new InflaterInputStream(in, new Inflater(!looksLikeZlib(raw)), 8192);
    };
  }

  private static boolean looksLikeZlib(byte[] raw) {
    if (raw.length < 2) {
      return true;
    }
    int cmf = raw[0] & 0xff;
    int flg = raw[1] & 0xff;
    return (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
  }

  static List<String> codings(String contentEncoding) {
    List<String> list = new ArrayList<>();
    if (contentEncoding == null) {
      return list;
    }
    for (String part : contentEncoding.split(",")) {
      String c = part.strip().toLowerCase(Locale.ROOT);
      if (!c.isEmpty() && !c.equals("identity")) {
        list.add(c);
      }
    }
    return list;
  }
}
