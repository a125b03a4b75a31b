package org.sitewatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {
  // from crawler BodyDecoderTest
  @ParameterizedTest
  @CsvSource({
    "'text/html; charset=UTF-8', text/html",
    "' Application/XHTML+xml ', application/xhtml+xml",
    "'',                         ''",
  })
  void mediaTypeDropsParameters(String header, String expected) {
    assertThat(ContentTypes.mediaType(header)).isEqualTo(expected);
  }

  @Test
  void htmlIsHtmlXhtmlOrAbsent() {
    assertThat(ContentTypes.mediaType(null)).isEmpty();
    assertThat(ContentTypes.isHtml("")).isTrue();
    assertThat(ContentTypes.isHtml("text/html")).isTrue();
    assertThat(ContentTypes.isHtml("application/xhtml+xml")).isTrue();
    assertThat(ContentTypes.isHtml("text/plain")).isFalse();
  }

  @Test
  void readsTheDeclaredCharset() {
    assertThat(ContentTypes.charset("text/html; charset=\"gb2312\""))
        .contains(Charset.forName("GBK"));
    assertThat(ContentTypes.charset("text/html;CHARSET='utf-8'"))
        .contains(Charset.forName("UTF-8"));
    assertThat(ContentTypes.charset("text/html")).isEmpty();
    assertThat(ContentTypes.charset("text/html; charset=nonsense")).isEmpty();
    assertThat(ContentTypes.charset(null)).isEmpty();
  }
}
