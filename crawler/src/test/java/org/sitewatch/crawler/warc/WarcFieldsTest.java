package org.sitewatch.crawler.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metadata fields are one line per value: line breaks inside a value become one space. */
class WarcFieldsTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "members only|members only",
        "first\\r\\nsecond|first second",
        "first\\n\\n\\nsecond|first second",
        "\\rleading and trailing\\n|' leading and trailing '",
        "a\\rb\\nc|a b c",
        "视频\\n会员|视频 会员",
        "''|''",
      })
  void aValueIsWrittenOnOneLine(String value, String written) {
    String v = value.replace("\\r", "\r").replace("\\n", "\n");
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("note-test", List.of(v, "plain"));
    fields.put("site", List.of("videos.test"));

    assertThat(new String(WarcCaptureWriter.fields(fields), StandardCharsets.UTF_8))
        .isEqualTo("note-test: " + written + "\r\nnote-test: plain\r\nsite: videos.test\r\n");
  }
}
