package org.sitewatch.sink.jurisdiction;

import java.util.List;
import java.util.regex.Pattern;

/** Six-digit administrative-area codes (GB/T 2260): province {@code NN0000}, city {@code NNNN00}. */
final class RegionCodes {
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");

  private RegionCodes() {}

  static boolean valid(String code) {
    return code != null && CODE.matcher(code).matches();
  }

  static String require(String code) {
    if (!valid(code)) {
      throw new IllegalArgumentException("region code must be six digits: " + code);
    }
    return code;
  }

  static String city(String code) {
    return code.substring(0, 4) + "00";
  }

  static String province(String code) {
    return code.substring(0, 2) + "0000";
  }

  /** The code itself, then its city, then its province, without repeats. */
  static List<String> fallback(String code) {
    return List.of(code, city(code), province(code)).stream().distinct().toList();
  }
}
