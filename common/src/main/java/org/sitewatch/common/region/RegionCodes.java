package org.sitewatch.common.region;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Six-digit administrative-area codes (GB/T 2260): province {@code NN0000}, city {@code NNNN00},
 * county {@code NNNNNN}. The first two digits are a {@link Provinces} code.
 */
public final class RegionCodes {
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");

  private RegionCodes() {}

  /** Whether {@code code} is six ASCII digits (not whether it is assigned). */
  public static boolean valid(String code) {
    return code != null && CODE.matcher(code).matches();
  }

  /**
   * Returns {@code code}.
   *
   * @throws IllegalArgumentException if it is not six digits
   */
  public static String require(String code) {
    if (!valid(code)) {
      throw new IllegalArgumentException("region code must be six digits: " + code);
    }
    return code;
  }

  /** The city of a code: {@code 110105} gives {@code 110100}. */
  public static String city(String code) {
    return code.substring(0, 4) + "00";
  }

  /** The province of a code: {@code 110105} gives {@code 110000}. */
  public static String province(String code) {
    return code.substring(0, 2) + "0000";
  }

  /** The code itself, then its city, then its province, without repeats. */
  public static List<String> fallback(String code) {
    return List.of(code, city(code), province(code)).stream().distinct().toList();
  }
}
