package org.sitewatch.common.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of an HTML page into text the way a browser would: a byte-order mark wins, then
 * the {@code charset} of the Content-Type header (unless the body is not valid in it), then a
 * {@code <meta>} declaration in the first 4 KiB, then what the caller's fallback finds for an
 * undeclared body. The crawler's fallback is ICU's statistical detector ({@code
 * BodyDecoder.detect}); the classifier's, for pages read from a folder, is {@link #utf8Else
 * utf8Else(GB18030)}.
 *
 * <p>Labels are mapped as the WHATWG Encoding standard does where it matters: pages that declare
 * the narrow charset routinely use characters of the wide one. {@code big5} decodes as Big5-HKSCS,
 * {@code iso-8859-1} as windows-1252, and {@code gbk}, {@code gb2312}, {@code x-gbk} and the other
 * GBK labels as GB18030: WHATWG's encoding is called GBK, but "the GBK decoder is the gb18030
 * decoder", and Java's GBK cannot read GB18030's four-byte sequences (CJK Extension B and other
 * rare characters would become U+FFFD). As in a browser ({@code document.characterSet}), such a
 * page is still named {@code GBK} in {@link Decoded#charset()}, so what the crawler reports about a
 * page does not change; only its text does, where it had four-byte characters.
 */
public final class CharsetSniffer {
  /**
   * A decoded body and the name of its charset ({@code GBK} for a GBK label, though the text was
   * decoded as GB18030); {@code mismatch} says why the header's charset was not used (the body is
   * not valid in it), or is {@code null}.
   */
  public record Decoded(String text, String charset, String mismatch) {
    public Decoded(String text, String charset) {
      this(text, charset, null);
    }
  }

  /** The undeclared-body fallback: the charset of a body that declares none. */
  public static final Charset GB18030 = Charset.forName("GB18030");

  private static final int PRESCAN_BYTES = 4096;
  private static final Pattern META_CHARSET =
      Pattern.compile(
          "<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([a-zA-Z0-9_.:\\-]+)", Pattern.CASE_INSENSITIVE);
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("gb2312", "GBK"),
          Map.entry("gbk", "GBK"),
          Map.entry("x-gbk", "GBK"),
          Map.entry("gb_2312-80", "GBK"),
          Map.entry("gb_2312", "GBK"),
          Map.entry("csgb2312", "GBK"),
          Map.entry("chinese", "GBK"),
          Map.entry("iso-ir-58", "GBK"),
          Map.entry("cp936", "GBK"),
          Map.entry("windows-936", "GBK"),
          Map.entry("gb18030", "GB18030"),
          Map.entry("big5", "Big5-HKSCS"),
          Map.entry("big5-hkscs", "Big5-HKSCS"),
          Map.entry("cn-big5", "Big5-HKSCS"),
          Map.entry("csbig5", "Big5-HKSCS"),
          Map.entry("x-x-big5", "Big5-HKSCS"),
          Map.entry("utf8", "UTF-8"),
          Map.entry("unicode-1-1-utf-8", "UTF-8"),
          Map.entry("us-ascii", "windows-1252"),
          Map.entry("ascii", "windows-1252"),
          Map.entry("iso-8859-1", "windows-1252"),
          Map.entry("iso8859-1", "windows-1252"),
          Map.entry("latin1", "windows-1252"),
          Map.entry("l1", "windows-1252"));

  private CharsetSniffer() {}

  /**
   * Decodes an HTML body; see the class comment for the order of evidence.
   *
   * @param contentType the Content-Type header value, or null when there was none
   * @param undeclared the charset of a body that declares none (and has no byte-order mark)
   */
  public static Decoded decode(
      byte[] body, String contentType, Function<byte[], Charset> undeclared) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(undeclared, "undeclared");
    Optional<Charset> bom = byteOrderMark(body);
    if (bom.isPresent()) {
      return decoded(body, bomLength(bom.get()), bom.get());
    }
    Optional<Charset> header = ContentTypes.charset(contentType);
    if (header.isPresent() && !validIn(body, header.get())) {
      // servers often send a default charset header whatever the page really is: the body's own
      // evidence (meta, then the fallback) is worth more than a header it contradicts
      Charset cs = metaCharset(body).filter(m -> validIn(body, m)).orElse(null);
      String how = "meta";
      if (cs == null) {
        cs = undeclared.apply(body);
        how = "detected";
      }
      Decoded d = decoded(body, 0, cs);
      return new Decoded(
          d.text(),
          d.charset(),
          "header says "
              + header.get().name()
              + " but the body is not valid "
              + header.get().name()
              + "; decoded as "
              + cs.name()
              + " ("
              + how
              + ")");
    }
    Optional<Charset> declared = header.or(() -> metaCharset(body));
    if (declared.isPresent()) {
      Charset cs = declared.get();
      // a document that reached us as ASCII-compatible bytes cannot really be UTF-16
      if (cs.name().startsWith("UTF-16")) {
        cs = StandardCharsets.UTF_8;
      }
      return decoded(body, 0, cs);
    }
    return decoded(body, 0, undeclared.apply(body));
  }

  /**
   * A fallback for {@link #decode}: UTF-8 when the body is valid UTF-8 (a sequence cut at the end
   * by truncation allowed), else {@code otherwise}.
   */
  public static Function<byte[], Charset> utf8Else(Charset otherwise) {
    Objects.requireNonNull(otherwise, "otherwise");
    return body -> isValidUtf8(body) ? StandardCharsets.UTF_8 : otherwise;
  }

  /**
   * The charset named by a label, mapped like the WHATWG Encoding standard where it matters. GBK
   * labels give Java's {@code GBK}, which {@link #decode} reads with the GB18030 decoder.
   */
  public static Optional<Charset> forLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String l = label.strip().toLowerCase(Locale.ROOT);
    String name = LABELS.getOrDefault(l, l);
    try {
      return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return Optional.empty();
    }
  }

  /** The first supported charset a {@code <meta>} tag in the first 4 KiB declares. */
  static Optional<Charset> metaCharset(byte[] body) {
    String head =
        new String(body, 0, Math.min(body.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
    Matcher m = META_CHARSET.matcher(head);
    while (m.find()) {
      Optional<Charset> cs = forLabel(m.group(1));
      if (cs.isPresent()) {
        return cs;
      }
    }
    return Optional.empty();
  }

  /** The charset of a UTF-8 or UTF-16 byte-order mark at the start of {@code body}. */
  static Optional<Charset> byteOrderMark(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
      return Optional.of(StandardCharsets.UTF_8);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      return Optional.of(StandardCharsets.UTF_16BE);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      return Optional.of(StandardCharsets.UTF_16LE);
    }
    return Optional.empty();
  }

  /**
   * Whether the body decodes in {@code charset} without a malformed or unmappable sequence; a
   * sequence cut by truncation in the last 3 bytes does not count. UTF-16 is always "valid" (the
   * caller reads it as UTF-8).
   */
  static boolean validIn(byte[] body, Charset charset) {
    if (charset.name().startsWith("UTF-16")) {
      return true;
    }
    CharsetDecoder decoder =
        decoderOf(charset)
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        return in.position() >= body.length - 3;
      }
      if (r.isOverflow()) {
        out.clear();
        continue;
      }
      return true; // underflow with all input consumed
    }
  }

  /** Whether {@code body} is valid UTF-8, a trailing sequence cut by truncation allowed. */
  public static boolean isValidUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, 0, utf8SafeLength(body)));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Length without a trailing incomplete UTF-8 sequence, which truncation at the cap can cause. */
  private static int utf8SafeLength(byte[] body) {
    int end = body.length;
    for (int back = 1; back <= 4 && end - back >= 0; back++) {
      int b = body[end - back] & 0xff;
      if ((b & 0xc0) != 0x80) { // a lead byte or ASCII
        int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        return needed > back ? end - back : end;
      }
    }
    return end;
  }

  private static int bomLength(Charset charset) {
    return charset.equals(StandardCharsets.UTF_8) ? 3 : 2;
  }

  private static Decoded decoded(byte[] body, int offset, Charset charset) {
    return new Decoded(
        new String(body, offset, body.length - offset, decoderOf(charset)), charset.name());
  }

  /** The charset whose decoder reads {@code charset}: GB18030 for GBK (WHATWG), else itself. */
  private static Charset decoderOf(Charset charset) {
    return charset.name().equals("GBK") ? GB18030 : charset;
  }
}
