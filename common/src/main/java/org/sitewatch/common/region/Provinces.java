package org.sitewatch.common.region;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * China's 34 province-level divisions: the two-digit prefix of their administrative-area codes
 * (GB/T 2260), their names, and the one-character abbreviations used in filing numbers, so that the
 * province a filing number names can be checked against the area code it carries (classifier) and a
 * lead routed to the bureau of its province (sink).
 *
 * <p>Several provinces have two abbreviations in use, and filings use both: Sichuan 川 and 蜀 ({@code
 * 蜀ICP备}), Guizhou 贵 and 黔, Yunnan 云 and 滇, Shaanxi 陕 and 秦, Gansu 甘 and 陇.
 */
public final class Provinces {
  /**
   * A province-level division.
   *
   * @param code the two-digit prefix of its area codes, e.g. {@code 11}
   * @param name e.g. {@code 北京}
   * @param abbreviations its abbreviation characters, e.g. {@code 京}, {@code 川蜀}
   */
  public record Province(String code, String name, String abbreviations) {
    /** "北京 (11)". */
    public String label() {
      return name + " (" + code + ")";
    }
  }

  private static final List<Province> ALL =
      List.of(
          new Province("11", "北京", "京"),
          new Province("12", "天津", "津"),
          new Province("13", "河北", "冀"),
          new Province("14", "山西", "晋"),
          new Province("15", "内蒙古", "蒙"),
          new Province("21", "辽宁", "辽"),
          new Province("22", "吉林", "吉"),
          new Province("23", "黑龙江", "黑"),
          new Province("31", "上海", "沪"),
          new Province("32", "江苏", "苏"),
          new Province("33", "浙江", "浙"),
          new Province("34", "安徽", "皖"),
          new Province("35", "福建", "闽"),
          new Province("36", "江西", "赣"),
          new Province("37", "山东", "鲁"),
          new Province("41", "河南", "豫"),
          new Province("42", "湖北", "鄂"),
          new Province("43", "湖南", "湘"),
          new Province("44", "广东", "粤"),
          new Province("45", "广西", "桂"),
          new Province("46", "海南", "琼"),
          new Province("50", "重庆", "渝"),
          new Province("51", "四川", "川蜀"),
          new Province("52", "贵州", "贵黔"),
          new Province("53", "云南", "云滇"),
          new Province("54", "西藏", "藏"),
          new Province("61", "陕西", "陕秦"),
          new Province("62", "甘肃", "甘陇"),
          new Province("63", "青海", "青"),
          new Province("64", "宁夏", "宁"),
          new Province("65", "新疆", "新"),
          new Province("71", "台湾", "台"),
          new Province("81", "香港", "港"),
          new Province("82", "澳门", "澳"));

  private static final Map<Character, Province> BY_ABBREVIATION = new HashMap<>();
  private static final Map<String, Province> BY_CODE = new HashMap<>();
  private static final Map<String, Province> BY_NAME = new HashMap<>();

  static {
    for (Province p : ALL) {
      BY_CODE.put(p.code(), p);
      BY_NAME.put(p.name(), p);
      for (char c : p.abbreviations().toCharArray()) {
        BY_ABBREVIATION.put(c, p);
      }
    }
  }

  /** Every abbreviation character, for building patterns ({@code [京津冀...]}). */
  public static final String ABBREVIATIONS =
      String.join("", ALL.stream().map(Province::abbreviations).toList());

  private Provinces() {}

  /** All 34, in area-code order. */
  public static List<Province> all() {
    return ALL;
  }

  public static int count() {
    return ALL.size();
  }

  /** The province of an abbreviation character ({@code 蜀} gives Sichuan). */
  public static Optional<Province> byAbbreviation(char c) {
    return Optional.ofNullable(BY_ABBREVIATION.get(c));
  }

  /** The province of an area code (its first two digits), if they name one. */
  public static Optional<Province> byAreaCode(String areaCode) {
    if (areaCode == null || areaCode.length() < 2) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_CODE.get(areaCode.substring(0, 2)));
  }

  /** The province of its full name ({@code 北京}); no suffix like 市 or 省 is stripped. */
  public static Optional<Province> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Whether {@code twoDigits} is the code of a province. */
  public static boolean known(String twoDigits) {
    return BY_CODE.containsKey(twoDigits);
  }

  /** "北京 (11)", or just the digits when they name no province. */
  public static String label(String twoDigits) {
    Province p = BY_CODE.get(twoDigits);
    return p == null ? twoDigits : p.label();
  }
}
