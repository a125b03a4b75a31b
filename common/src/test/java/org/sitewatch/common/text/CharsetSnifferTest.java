package org.sitewatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharsetSnifferTest {
  private static final String TEXT = "成人视频 VIP会员";

  /** The classifier's fallback; the crawler passes ICU's detector (tested in the crawler). */
  private static final Function<byte[], Charset> FALLBACK =
      CharsetSniffer.utf8Else(CharsetSniffer.GB18030);

  // from crawler BodyDecoderTest
  @ParameterizedTest(name = "{0} bytes with header ''{1}''")
  @CsvSource({
    "GBK,        text/html; charset=GBK,       GBK",
    "GBK,        text/html; charset=gb2312,    GBK",
    "GB18030,    text/html;charset=\"gb18030\", GB18030",
    "Big5,       text/html; charset=big5,      Big5-HKSCS",
    "UTF-8,      text/html; charset=utf-8,     UTF-8",
  })
  void decodesWithTheHeaderCharset(String encoding, String header, String expected) {
    byte[] body = html("").getBytes(Charset.forName(encoding));
    CharsetSniffer.Decoded d = CharsetSniffer.decode(body, header, FALLBACK);
    assertThat(d.charset()).isEqualTo(expected);
    assertThat(d.mismatch()).isNull();
    // Big5 has no simplified characters; the round trip replaces them, so check the Latin part
    assertThat(d.text()).contains(encoding.equals("Big5") ? "VIP" : TEXT);
  }

  @Test
  void usesTheMetaCharsetWhenTheHeaderHasNone() {
    byte[] body = html("<meta charset=\"gbk\">").getBytes(Charset.forName("GBK"));
    assertThat(CharsetSniffer.decode(body, "text/html", FALLBACK).text()).contains(TEXT);
    byte[] legacy =
        html("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">")
            .getBytes(Charset.forName("GBK"));
    assertThat(CharsetSniffer.decode(legacy, null, FALLBACK).charset()).isEqualTo("GBK");
  }

  @ParameterizedTest(name = "declared {0}")
  @CsvSource({
    "'<meta charset=gbk>', ",
    "'<meta charset=gb2312>', ",
    "'', text/html; charset=x-gbk"
  })
  void aPageDeclaringGbkIsReadWithTheGb18030DecoderSoFourByteCharactersSurvive(
      String meta, String header) {
    String page = html(meta).replace("</p>", "\uD840\uDC00</p>"); // U+20000, CJK Extension B
    byte[] body = page.getBytes(CharsetSniffer.GB18030);
    CharsetSniffer.Decoded d = CharsetSniffer.decode(body, header, FALLBACK);
    assertThat(d.text()).isEqualTo(page).doesNotContain("\uFFFD");
    assertThat(d.charset()).as("named as a browser names it").isEqualTo("GBK");
    assertThat(d.mismatch()).isNull();
    assertThat(CharsetSniffer.validIn(body, Charset.forName("GBK"))).isTrue();
  }

  @Test
  void aByteOrderMarkWinsOverTheHeader() {
    byte[] utf8 = html("").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[utf8.length + 3];
    body[0] = (byte) 0xef;
    body[1] = (byte) 0xbb;
    body[2] = (byte) 0xbf;
    System.arraycopy(utf8, 0, body, 3, utf8.length);
    CharsetSniffer.Decoded d =
        CharsetSniffer.decode(body, "text/html; charset=iso-8859-1", FALLBACK);
    assertThat(d.charset()).isEqualTo("UTF-8");
    assertThat(d.text()).startsWith("<html>").contains(TEXT);
  }

  // from classifier PageBytes: UTF-16 byte-order marks
  @Test
  void aUtf16ByteOrderMarkDecodesUtf16WithoutTheMark() {
    byte[] be = ("\ufeff" + html("")).getBytes(StandardCharsets.UTF_16BE);
    byte[] le = ("\ufeff" + html("")).getBytes(StandardCharsets.UTF_16LE);
    assertThat(CharsetSniffer.decode(be, null, FALLBACK).text()).isEqualTo(html(""));
    assertThat(CharsetSniffer.decode(le, null, FALLBACK).text()).isEqualTo(html(""));
    assertThat(CharsetSniffer.decode(le, null, FALLBACK).charset()).isEqualTo("UTF-16LE");
  }

  @Test
  void guessesUtf8OrGb18030ForAShortUndeclaredPage() {
    assertThat(
            CharsetSniffer.decode(html("").getBytes(StandardCharsets.UTF_8), "", FALLBACK)
                .charset())
        .isEqualTo("UTF-8");
    CharsetSniffer.Decoded gbk =
        CharsetSniffer.decode(html("").getBytes(Charset.forName("GBK")), "", FALLBACK);
    assertThat(gbk.charset()).isEqualTo("GB18030");
    assertThat(gbk.text()).contains(TEXT);
  }

  @Test
  void aHeaderTheBodyContradictsGivesWayToTheMetaThenTheFallback() {
    byte[] gbkWithMeta = html("<meta charset=gbk>").getBytes(Charset.forName("GBK"));
    CharsetSniffer.Decoded meta =
        CharsetSniffer.decode(gbkWithMeta, "text/html; charset=utf-8", FALLBACK);
    assertThat(meta.charset()).isEqualTo("GBK");
    assertThat(meta.text()).contains(TEXT);
    assertThat(meta.mismatch())
        .isEqualTo("header says UTF-8 but the body is not valid UTF-8; decoded as GBK (meta)");

    byte[] gbk = html("").getBytes(Charset.forName("GBK"));
    CharsetSniffer.Decoded detected =
        CharsetSniffer.decode(gbk, "text/html; charset=utf-8", body -> CharsetSniffer.GB18030);
    assertThat(detected.charset()).isEqualTo("GB18030");
    assertThat(detected.mismatch()).endsWith("decoded as GB18030 (detected)");
  }

  @Test
  void aDeclaredUtf16IsReadAsUtf8() {
    byte[] body = html("<meta charset=utf-16>").getBytes(StandardCharsets.UTF_8);
    assertThat(CharsetSniffer.decode(body, null, FALLBACK).charset()).isEqualTo("UTF-8");
  }

  @Test
  void aUtf8BodyCutInsideACharacterIsStillRecognisedAsUtf8() {
    byte[] full = html("").getBytes(StandardCharsets.UTF_8);
    int cut = html("").indexOf('视');
    byte[] truncated =
        Arrays.copyOf(full, html("").substring(0, cut).getBytes(StandardCharsets.UTF_8).length + 1);
    assertThat(CharsetSniffer.decode(truncated, "", FALLBACK).charset()).isEqualTo("UTF-8");
    assertThat(CharsetSniffer.isValidUtf8(truncated)).isTrue();
    assertThat(CharsetSniffer.validIn(truncated, StandardCharsets.UTF_8)).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "gb2312, GBK",
    "GBK, GBK",
    "x-gbk, GBK",
    "cp936, GBK",
    "gb18030, GB18030",
    "big5, Big5-HKSCS",
    "' utf8 ', UTF-8",
    "iso-8859-1, windows-1252",
    "latin1, windows-1252",
    "shift_jis, Shift_JIS",
  })
  void mapsLabelsLikeTheWhatwgStandard(String label, String charset) {
    assertThat(CharsetSniffer.forLabel(label)).contains(Charset.forName(charset));
  }

  @Test
  void anUnknownLabelNamesNoCharset() {
    assertThat(CharsetSniffer.forLabel("no-such-charset")).isEmpty();
    assertThat(CharsetSniffer.forLabel("bad label!")).isEmpty();
    assertThat(CharsetSniffer.forLabel(null)).isEmpty();
  }

  @Test
  void onlyAMetaTagDeclaresACharsetInTheBody() {
    // the classifier's former PageBytes took any "charset=" in the first 4 KiB, text included
    byte[] prose = "<p>set charset=gbk in your editor</p>".getBytes(StandardCharsets.UTF_8);
    assertThat(CharsetSniffer.metaCharset(prose)).isEmpty();
    byte[] late = (" ".repeat(5000) + "<meta charset=gbk>").getBytes(StandardCharsets.US_ASCII);
    assertThat(CharsetSniffer.metaCharset(late)).as("only the first 4 KiB is read").isEmpty();
  }

  private static String html(String head) {
    return "<html><head>" + head + "<title>t</title></head><body><p>" + TEXT + "</p></body></html>";
  }
}
