package org.sitewatch.crawler.fetch;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sitewatch.common.text.CharsetSniffer;

/**
 * How the crawler turns an HTML body into text: {@link CharsetSniffer} (byte-order mark, header
 * charset, meta charset, WHATWG labels) with ICU's statistical detector for undeclared bodies:
 * UTF-8 if the bytes are valid UTF-8, else what ICU finds (GB18030, Big5, Shift_JIS, EUC-JP,
 * EUC-KR, single-byte charsets), else GB18030 (the most common undeclared encoding on the sites
 * this project looks at).
 */
public final class BodyDecoder {
  private static final int DETECT_BYTES = 64 * 1024;
  private static final int MIN_CONFIDENCE = 30;

  private BodyDecoder() {}

  /** Decodes an HTML body; see {@link CharsetSniffer#decode} for the order of evidence. */
  public static CharsetSniffer.Decoded decodeHtml(byte[] body, String contentTypeHeader) {
    return CharsetSniffer.decode(body, contentTypeHeader, BodyDecoder::detect);
  }

  /**
   * The charset of an undeclared body: UTF-8 when the bytes are valid UTF-8, else ICU's best match
   * (tags filtered out, first 64 KiB) when it is confident enough and ASCII-compatible, else
   * GB18030. Big5 maps to Big5-HKSCS and Shift_JIS to windows-31j, as browsers decode them.
   */
  static Charset detect(byte[] body) {
    if (CharsetSniffer.isValidUtf8(body)) {
      return StandardCharsets.UTF_8;
    }
    CharsetDetector detector = new CharsetDetector();
    detector.enableInputFilter(true);
    detector.setText(body.length > DETECT_BYTES ? Arrays.copyOf(body, DETECT_BYTES) : body);
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
    return CharsetSniffer.GB18030;
  }
}
