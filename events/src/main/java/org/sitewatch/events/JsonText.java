package org.sitewatch.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Writes a long text (a page's decoded HTML) as a JSON string faster than Jackson's own {@code
 * writeString}, with exactly the same bytes. Jackson encodes a string char by char through its
 * output buffer in segments; a 30 KB page with a few non-ASCII characters cost the crawler about a
 * quarter of its fetch threads' CPU there. Here the text is copied out once and encoded in one
 * tight loop over a {@code char[]} into a byte array of the exact size, which the generator then
 * copies as is ({@link JsonGenerator#writeRawUTF8String}).
 *
 * <p>The bytes are those of Jackson's {@code UTF8JsonGenerator} in its default configuration (the
 * one {@link Json#mapper()} uses): {@code \"}, {@code \\}, {@code \b}, {@code \f}, {@code \n},
 * {@code \r}, {@code \t}, other control characters as <code>&#92;u00XX</code> with upper-case hex,
 * other ASCII as is, other characters as UTF-8, except surrogates, each of which (paired or not) is
 * written as a <code>&#92;uXXXX</code> escape. {@code JsonTextTest} compares both byte for byte. On
 * any other generator (a writer, a token buffer) or with escaping features switched on, Jackson's
 * own {@code writeString} is used.
 */
final class JsonText extends JsonSerializer<String> {
  /** Shorter texts gain nothing from the copy: Jackson's own path writes them. */
  static final int MIN_LENGTH = 256;

  private static final byte[] HEX =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Escape byte after the backslash for each ASCII char, 'u' for a six-byte escape, 0 for none. */
  private static final byte[] ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\f'] = 'f';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
    ESCAPES['\t'] = 't';
  }

  @Override
  public void serialize(String value, JsonGenerator gen, SerializerProvider serializers)
      throws IOException {
    if (value.length() < MIN_LENGTH || !plainUtf8(gen)) {
      gen.writeString(value);
      return;
    }
    Encoded encoded = encode(value);
    gen.writeRawUTF8String(encoded.bytes(), 0, encoded.length());
  }

  /** Whether the generator writes strings exactly as {@link #escapedUtf8} encodes them. */
  private static boolean plainUtf8(JsonGenerator gen) {
    return gen.getClass() == UTF8JsonGenerator.class
        && gen.getCharacterEscapes() == null
        && gen.getHighestEscapedChar() == 0
        && !gen.isEnabled(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature())
        && !gen.isEnabled(JsonWriteFeature.ESCAPE_FORWARD_SLASHES.mappedFeature())
        && !gen.isEnabled(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8.mappedFeature())
        && gen.isEnabled(JsonWriteFeature.WRITE_HEX_UPPER_CASE.mappedFeature());
  }

  /** The text as the inside of a JSON string (no quotes), UTF-8, escaped as Jackson does. */
  static byte[] escapedUtf8(String text) {
    Encoded e = encode(text);
    return java.util.Arrays.copyOf(e.bytes(), e.length());
  }

  /** Encoded text: the first {@code length} bytes of {@code bytes}. */
  record Encoded(byte[] bytes, int length) {}

  /** Chars encoded per step; a step writes at most six bytes per char. */
  private static final int CHUNK = 2048;

  static Encoded encode(String text) {
    int n = text.length();
    char[] chars = new char[n];
    text.getChars(0, n, chars, 0);
    byte[] out = new byte[n + (n >> 1) + 64];
    int p = 0;
    for (int from = 0; from < n; from += CHUNK) {
      int to = Math.min(n, from + CHUNK);
      if (out.length - p < 6 * (to - from)) {
        out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, p + 6 * (to - from)));
      }
      p = encode(chars, from, to, out, p);
    }
    return new Encoded(out, p);
  }

  /** Encodes chars[from, to) at out[p]; out has room for six bytes per char. */
  private static int encode(char[] chars, int from, int to, byte[] out, int p) {
    for (int i = from; i < to; i++) {
      char c = chars[i];
      if (c < 0x80) {
        byte e = ESCAPES[c];
        if (e == 0) {
          out[p++] = (byte) c;
        } else if (e == 'u') {
          p = unicodeEscape(out, p, c);
        } else {
          out[p++] = '\\';
          out[p++] = e;
        }
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        p = unicodeEscape(out, p, c);
      } else {
        out[p++] = (byte) (0xe0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return p;
  }

  private static int unicodeEscape(byte[] out, int p, char c) {
    out[p++] = '\\';
    out[p++] = 'u';
    out[p++] = HEX[(c >> 12) & 0xf];
    out[p++] = HEX[(c >> 8) & 0xf];
    out[p++] = HEX[(c >> 4) & 0xf];
    out[p++] = HEX[c & 0xf];
    return p;
  }
}
