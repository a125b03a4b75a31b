package org.sitewatch.sink.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTest {
  private static final List<String> HEADER = List.of("cidr", "region_code");

  private static List<Csv.Row> read(String text) {
    return Csv.read(
        "t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), HEADER);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // table ('/' is a line break, '~' a CR)        | line of the data row | fields
        "cidr,region_code/10.0.0.0/8,110000              | 2 | 10.0.0.0/8;110000",
        "\uFEFFcidr,region_code/10.0.0.0/8,110000        | 2 | 10.0.0.0/8;110000",
        "# c/cidr,region_code///10.0.0.0/8,110000        | 5 | 10.0.0.0/8;110000",
        "cidr,region_code/   /10.0.0.0/8,110000          | 3 | 10.0.0.0/8;110000",
        "cidr,region_code/  # a, b/10.0.0.0/8,110000     | 3 | 10.0.0.0/8;110000",
        "cidr,region_code~/10.0.0.0/8,110000~/           | 2 | 10.0.0.0/8;110000",
        "cidr , region_code/ \" 10.0.0.0/8\" , 110000    | 2 | 10.0.0.0/8;110000",
        "cidr,region_code/\"a \"\"b\"\", c\",110000      | 2 | a \"b\", c;110000",
      })
  void readsTheTableDialect(String table, int line, String fields) {
    assertThat(read(table.replace("/", "\n").replace("~", "\r").replace("\n8", "/8")))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.where()).isEqualTo("t.csv:" + line);
              assertThat(row.fields()).containsExactly(fields.split(";"));
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cidr,region_code/# c//10.0.0.0/8                | t.csv:4: expected 2 fields (cidr,region_code) but found 1",
        "cidr,region_code/10.0.0.0/8,\"1100             | t.csv:2: unterminated quoted field",
        "cidr,region_code/\"10.0.0.0/8\"x,110000         | t.csv:2: malformed quoted field",
        "# only a comment                                | t.csv:1: no header cidr,region_code",
        "cidr;region_code                                | t.csv:1: expected the header cidr,region_code but found cidr;region_code",
      })
  void namesFileAndLineOfABadTable(String table, String message) {
    assertThatThrownBy(() -> read(table.replace("/", "\n").replace("\n8", "/8")))
        .isInstanceOf(JurisdictionTableException.class)
        .hasMessageStartingWith(message);
  }
}
