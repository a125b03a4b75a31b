package org.sitewatch.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.text.CharsetSniffer;

class BodyDecoderTest {
  private static final String TEXT = "成人视频 VIP会员";

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
    CharsetSniffer.Decoded d = BodyDecoder.decodeHtml(body, header);
    assertThat(d.charset()).isEqualTo(expected);
    assertThat(d.text()).contains(traditionalIfBig5(encoding));
  }

  @Test
  void usesTheMetaCharsetWhenTheHeaderHasNone() {
    byte[] body = html("<meta charset=\"gbk\">").getBytes(Charset.forName("GBK"));
    assertThat(BodyDecoder.decodeHtml(body, "text/html").text()).contains(TEXT);
    byte[] legacy =
        html("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">")
            .getBytes(Charset.forName("GBK"));
    assertThat(BodyDecoder.decodeHtml(legacy, null).charset()).isEqualTo("GBK");
  }

  @Test
  void aByteOrderMarkWinsOverTheHeader() {
    byte[] utf8 = html("").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[utf8.length + 3];
    body[0] = (byte) 0xef;
    body[1] = (byte) 0xbb;
    body[2] = (byte) 0xbf;
    System.arraycopy(utf8, 0, body, 3, utf8.length);
    CharsetSniffer.Decoded d = BodyDecoder.decodeHtml(body, "text/html; charset=iso-8859-1");
    assertThat(d.charset()).isEqualTo("UTF-8");
    assertThat(d.text()).startsWith("<html>").contains(TEXT);
  }

  @Test
  void guessesUtf8OrGb18030ForAShortUndeclaredPage() {
    assertThat(BodyDecoder.decodeHtml(html("").getBytes(StandardCharsets.UTF_8), "").charset())
        .isEqualTo("UTF-8");
    CharsetSniffer.Decoded gbk =
        BodyDecoder.decodeHtml(html("").getBytes(Charset.forName("GBK")), "");
    assertThat(gbk.charset()).isEqualTo("GB18030");
    assertThat(gbk.text()).contains(TEXT);
  }

  @ParameterizedTest(name = "undeclared {0} decodes as {1}")
  @CsvSource({
    "GBK,       GB18030,     simplified",
    "GB18030,   GB18030,     simplified",
    "Big5,      Big5-HKSCS,  traditional",
    "Big5-HKSCS, Big5-HKSCS, traditional",
    "Shift_JIS, windows-31j, japanese",
    "EUC-JP,    EUC-JP,      japanese",
    "UTF-8,     UTF-8,       traditional",
  })
  void detectsTheCharsetOfAnUndeclaredPage(String encoding, String expected, String text) {
    String page = PARAGRAPHS.get(text);
    CharsetSniffer.Decoded d =
        BodyDecoder.decodeHtml(page.getBytes(Charset.forName(encoding)), null);
    assertThat(d.charset()).isEqualTo(expected);
    assertThat(d.text()).isEqualTo(page);
  }

  private static final java.util.Map<String, String> PARAGRAPHS =
      java.util.Map.of(
          "simplified",
          "<html><head><title>成人视频网站</title></head><body><p>每日更新高清影片，会员注册即可观看。"
              + "本站内容仅供成年人浏览，未满十八岁请离开。</p><a href='/vip'>VIP会员充值</a></body></html>",
          "traditional",
          "<html><head><title>成人影片網站</title></head><body><p>每日更新高清影片，會員註冊即可觀看。"
              + "本站內容僅供成年人瀏覽，未滿十八歲請離開。</p><a href='/vip'>VIP會員儲值</a></body></html>",
          "japanese",
          "<html><head><title>大人向け動画サイト</title></head><body><p>毎日更新の高画質動画、"
              + "会員登録ですぐに視聴できます。十八歳未満の方はご遠慮ください。</p></body></html>");

  @Test
  void aUtf8BodyCutInsideACharacterIsStillRecognisedAsUtf8() {
    byte[] full = html("").getBytes(StandardCharsets.UTF_8);
    int cut = html("").indexOf('视');
    byte[] truncated =
        java.util.Arrays.copyOf(
            full, html("").substring(0, cut).getBytes(StandardCharsets.UTF_8).length + 1);
    assertThat(BodyDecoder.decodeHtml(truncated, "").charset()).isEqualTo("UTF-8");
  }

  private static String html(String head) {
    return "<html><head>" + head + "<title>t</title></head><body><p>" + TEXT + "</p></body></html>";
  }

  private static String traditionalIfBig5(String encoding) {
    // Big5 has no simplified characters; the round trip replaces them, so check the Latin part
    return encoding.equals("Big5") ? "VIP" : TEXT;
  }
}
