package org.sitewatch.sink.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JurisdictionTablesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "bureaus line {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // rows ('/' separates lines)                                            | line | message
        "region,bureau,contact                                                    | 1    | expected the header region_code,bureau_name,contact",
        "# comment/region_code,bureau_name,contact/11000,A,x                      | 3    | region code must be six digits: '11000'",
        "region_code,bureau_name,contact/990000,A,x                               | 2    | region code 990000 names no province",
        "region_code,bureau_name,contact/110000,A                                 | 2    | expected 3 fields",
        "region_code,bureau_name,contact/110000,,x                                | 2    | bureau_name is empty",
        "region_code,bureau_name,contact//110000,A,x/110000,B,y                   | 4    | region code 110000 is listed twice",
        "region_code,bureau_name,contact/110000,\"A,x                             | 2    | unterminated quoted field",
      })
  void bureauErrorsNameFileAndLine(String rows, int line, String message) throws IOException {
    Path file = JurisdictionRouterTest.write(dir, "bureaus.csv", rows.split("/", -1));

    assertThatThrownBy(
            () -> JurisdictionTables.load(Optional.of(file), Optional.empty(), Optional.empty()))
        .isInstanceOf(JurisdictionTableException.class)
        .hasMessageStartingWith(file + ":" + line + ": ")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "ranges: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0,110000         | not a CIDR range",
        "10.0.0.256/8,110000     | not an IP address",
        "example.test/8,110000   | not an IP address",
        "010.0.0.256/8,110000    | not an IP address",
        "10.0.0.0/33,110000      | prefix length out of range",
        "10.0.0.0/8,1100000      | region code must be six digits",
      })
  void rangeErrorsNameFileAndLine(String row, String message) throws IOException {
    Path file = JurisdictionRouterTest.write(dir, "ranges.csv", "cidr,region_code", row);

    assertThatThrownBy(
            () -> JurisdictionTables.load(Optional.empty(), Optional.of(file), Optional.empty()))
        .isInstanceOf(JurisdictionTableException.class)
        .hasMessageStartingWith(file + ":2: ")
        .hasMessageContaining(message);
  }

  @Test
  void registrantRowsMustSayWhereTheDataComesFrom() throws IOException {
    Path file =
        JurisdictionRouterTest.write(
            dir, "registrants.csv", "site,region_code,source", "example.test,110105,");

    assertThatThrownBy(
            () -> JurisdictionTables.load(Optional.empty(), Optional.empty(), Optional.of(file)))
        .hasMessage(file + ":2: source is empty (say where the registrant data comes from)");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nowhere.csv");

    assertThatThrownBy(
            () -> JurisdictionTables.load(Optional.of(missing), Optional.empty(), Optional.empty()))
        .isInstanceOf(JurisdictionTableException.class)
        .hasMessageStartingWith(missing + ": cannot read");
  }

  @Test
  void quotedFieldsMayHoldCommasAndTheMostSpecificRangeWins() throws IOException {
    Path bureaus =
        JurisdictionRouterTest.write(
            dir,
            "bureaus.csv",
            "region_code,bureau_name,contact",
            "310000,\"上海市公安局网安总队（示例）, 值班室\",\"a \"\"b\"\"\"");
    Path ranges =
        JurisdictionRouterTest.write(
            dir, "ranges.csv", "cidr,region_code", "10.0.0.0/8,110000", "10.1.0.0/16,310000");

    JurisdictionTables tables =
        JurisdictionTables.load(Optional.of(bureaus), Optional.of(ranges), Optional.empty());

    assertThat(tables.bureauFor("310104"))
        .get()
        .isEqualTo(new Bureau("310000", "上海市公安局网安总队（示例）, 值班室", "a \"b\""));
    assertThat(tables.regionOf("10.1.2.3")).contains("310000");
    assertThat(tables.regionOf("10.2.2.3")).contains("110000");
    assertThat(tables.regionOf("11.0.0.1")).isEmpty();
    assertThat(tables.description())
        .contains(bureaus.toString(), ranges.toString(), "registrants none");
  }

  @Test
  void zeroPaddedAddressesInARangeTableAreReadAsDecimal() throws IOException {
    Path ranges =
        JurisdictionRouterTest.write(
            dir, "ranges.csv", "cidr,region_code", "010.001.000.000/16,310000");

    JurisdictionTables tables =
        JurisdictionTables.load(Optional.empty(), Optional.of(ranges), Optional.empty());

    assertThat(tables.regionOf("10.1.2.3")).contains("310000");
    assertThat(tables.regionOf("010.001.002.003")).contains("310000");
    assertThat(tables.regionOf("8.1.2.3")).isEmpty();
  }
}
