package org.sitewatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnsafeCharsTest {
  @ParameterizedTest(name = "U+{0} unsafe: {1}")
  @CsvSource({
    "001B, true",
    "0007, true",
    "000D, true",
    "0008, true",
    "0000, true",
    "0009, false",
    "000A, false",
    "0020, false",
    "0041, false",
    "007F, true",
    "0080, true",
    "009B, true",
    "009F, true",
    "00A0, false",
    "061C, true",
    "200E, true",
    "200F, true",
    "202A, true",
    "202E, true",
    "202F, false",
    "2066, true",
    "2069, true",
    "2028, true",
    "2029, true",
    "4E2D, false",
    "FF01, false"
  })
  void tellsControlAndBidiCharactersFromText(String hex, boolean unsafe) {
    assertEquals(unsafe, UnsafeChars.isUnsafe((char) Integer.parseInt(hex, 16)));
  }
}
