package org.sitewatch.crawler.fetch;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a response body into text the way a browser would: a byte-order mark wins, then the {@code
 * charset} of the Content-Type header, then a {@code <meta>} declaration in the first 4 KiB, then
 * UTF-8 if the bytes are valid UTF-8, else what ICU's statistical detector finds (GB18030, Big5,
 * Shift_JIS, EUC-JP, EUC-KR, single-byte charsets), else GB18030 (the most common undeclared
 * encoding on the sites this project looks at). Labels are mapped as the WHATWG Encoding standard does, so {@code
 * gb2312} decodes as GBK and {@code big5} as Big5-HKSCS: pages that declare the narrow charset
 * routinely use characters of the wide one.
 */
public final class BodyDecoder {
  /**
   * A decoded body and the name of the charset used; {@code mismatch} says why the header's
   * charset was not used (the body is not valid in it), or is {@code null}.
   */
  record Decoded(String text, String charset, String mismatch) {
    Decoded(String text, String charset) {
      this(text, charset, null);
    }
  }

  private static final int PRESCAN_BYTES = 4096;
  private static final Pattern META_CHARSET =
      Pattern.compile(
          "<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([a-zA-Z0-9_.:\\-]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_CHARSET =
      Pattern.compile(";\\s*charset\\s*=\\s*[\"']?([^\"';\\s]+)", Pattern.CASE_INSENSITIVE);
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

  private BodyDecoder() {}

  /** The media type of a Content-Type header value, lower-case, without parameters; "" if none. */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether a media type is parsed as HTML; an absent type is sniffed as HTML like browsers do. */
  static boolean isHtml(String mediaType) {
    return mediaType.isEmpty()
        || mediaType.equals("text/html")
        || mediaType.equals("application/xhtml+xml");
  }

  /** The charset declared in a Content-Type header value, if it names a supported charset. */
  static Optional<Charset> headerCharset(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    Matcher m = HEADER_CHARSET.matcher(contentType);
    return m.find() ? charsetForLabel(m.group(1)) : Optional.empty();
  }

  /** Decodes an HTML body; see the class comment for the order of evidence. */
  static Decoded decodeHtml(byte[] body, String contentTypeHeader) {
    Optional<Bom> bom = Bom.of(body);
    if (bom.isPresent()) {
      Bom b = bom.get();
      return decoded(body, b.length, b.charset);
    }
    Optional<Charset> header = headerCharset(contentTypeHeader);
    if (header.isPresent() && !validIn(body, header.get())) {
      // servers often send a default charset header whatever the page really is: the body's own
      // evidence (meta, then detection) is worth more than a header it contradicts
      Charset cs = metaCharset(body).filter(m -> validIn(body, m)).orElse(null);
      String how = "meta";
      if (cs == null) {
        cs = detect(body);
        how = "detected";
      }
      Decoded d = decoded(body, 0, cs);
      return new Decoded(
          d.text(),
          d.charset(),
          "header says " + header.get().name() + " but the body is not valid " + header.get().name()
              + "; decoded as " + cs.name() + " (" + how + ")");
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
    return decoded(body, 0, detect(body));
  }

  /** The charset named by a label, mapped like the WHATWG Encoding standard where it matters. */
  static Optional<Charset> charsetForLabel(String label) {
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

  private static Optional<Charset> metaCharset(byte[] body) {
    String head =
        new String(body, 0, Math.min(body.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
    Matcher m = META_CHARSET.matcher(head);
    while (m.find()) {
      Optional<Charset> cs = charsetForLabel(m.group(1));
      if (cs.isPresent()) {
        return cs;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the body decodes in {@code charset} without a malformed or unmappable sequence; a
   * sequence cut by truncation in the last 3 bytes does not count.
   */
  static boolean validIn(byte[] body, Charset charset) {
    if (charset.name().startsWith("UTF-16")) {
      return true; // handled as UTF-8 by the caller
    }
    java.nio.charset.CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
    while (true) {
      java.nio.charset.CoderResult r = decoder.decode(in, out, true);
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

  private static final int DETECT_BYTES = 64 * 1024;
  private static final int MIN_CONFIDENCE = 30;

  /**
   * The charset of an undeclared body: UTF-8 when the bytes are valid UTF-8, else ICU's best match
   * (tags filtered out, first 64 KiB) when it is confident enough and ASCII-compatible, else
   * GB18030. Big5 maps to Big5-HKSCS and Shift_JIS to windows-31j, as browsers decode them.
   */
  static Charset detect(byte[] body) {
    if (isValidUtf8(body)) {
      return StandardCharsets.UTF_8;
    }
    CharsetDetector detector = new CharsetDetector();
    detector.enableInputFilter(true);
    detector.setText(body.length > DETECT_BYTES ? java.util.Arrays.copyOf(body, DETECT_BYTES) : body);
    CharsetMatch match = detector.detect();
    if (match != null && match.getConfidence() >= MIN_CONFIDENCE) {
      String name =
          switch (match.getName()) {
            case "Big5" -> "Big5-HKSCS";
            case "Shift_JIS" -> "windows-31j";
            default -> match.getName();
          };
      if (!name.startsWith("UTF-16") && !name.startsWith("UTF-32") && Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    return Charset.forName("GB18030");
  }

  private static boolean isValidUtf8(byte[] body) {
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

  private static Decoded decoded(byte[] body, int offset, Charset charset) {
    return new Decoded(new String(body, offset, body.length - offset, charset), charset.name());
  }

  private enum Bom {
    UTF8(3, StandardCharsets.UTF_8),
    UTF16BE(2, StandardCharsets.UTF_16BE),
    UTF16LE(2, StandardCharsets.UTF_16LE);

    final int length;
    final Charset charset;

    Bom(int length, Charset charset) {
      this.length = length;
      this.charset = charset;
    }

    static Optional<Bom> of(byte[] b) {
      if (b.length >= 3
          && (b[0] & 0xff) == 0xef
          && (b[1] & 0xff) == 0xbb
          && (b[2] & 0xff) == 0xbf) {
        return Optional.of(UTF8);
      }
      if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
        return Optional.of(UTF16BE);
      }
      if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
        return Optional.of(UTF16LE);
      }
      return Optional.empty();
    }
  }
}
