package org.sitewatch.sink.jurisdiction;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The 34 province-level divisions: two-digit code, name and the abbreviation characters used in
 * filing numbers. The classifier keeps the same table to check filings on the page; the sink keeps
 * its own so it depends on the event module only.
 */
final class Provinces {
  private static final String[][] ALL = {
    {"11", "北京", "京"}, {"12", "天津", "津"}, {"13", "河北", "冀"}, {"14", "山西", "晋"},
    {"15", "内蒙古", "蒙"}, {"21", "辽宁", "辽"}, {"22", "吉林", "吉"}, {"23", "黑龙江", "黑"},
    {"31", "上海", "沪"}, {"32", "江苏", "苏"}, {"33", "浙江", "浙"}, {"34", "安徽", "皖"},
    {"35", "福建", "闽"}, {"36", "江西", "赣"}, {"37", "山东", "鲁"}, {"41", "河南", "豫"},
    {"42", "湖北", "鄂"}, {"43", "湖南", "湘"}, {"44", "广东", "粤"}, {"45", "广西", "桂"},
    {"46", "海南", "琼"}, {"50", "重庆", "渝"}, {"51", "四川", "川蜀"}, {"52", "贵州", "贵黔"},
    {"53", "云南", "云滇"}, {"54", "西藏", "藏"}, {"61", "陕西", "陕秦"}, {"62", "甘肃", "甘陇"},
    {"63", "青海", "青"}, {"64", "宁夏", "宁"}, {"65", "新疆", "新"}, {"71", "台湾", "台"},
    {"81", "香港", "港"}, {"82", "澳门", "澳"},
  };

  private static final Map<String, String> NAME_BY_CODE = new HashMap<>();
  private static final Map<String, String> CODE_BY_NAME = new HashMap<>();
  private static final Map<Character, String> CODE_BY_ABBREVIATION = new HashMap<>();

  static {
    for (String[] p : ALL) {
      NAME_BY_CODE.put(p[0], p[1]);
      CODE_BY_NAME.put(p[1], p[0]);
      for (char c : p[2].toCharArray()) {
        CODE_BY_ABBREVIATION.put(c, p[0]);
      }
    }
  }

  private Provinces() {}

  static Optional<String> codeOfAbbreviation(char c) {
    return Optional.ofNullable(CODE_BY_ABBREVIATION.get(c));
  }

  static Optional<String> codeOfName(String name) {
    return Optional.ofNullable(CODE_BY_NAME.get(name));
  }

  static boolean known(String twoDigits) {
    return NAME_BY_CODE.containsKey(twoDigits);
  }

  /** "北京 (11)", or just the digits when they name no province. */
  static String label(String twoDigits) {
    String name = NAME_BY_CODE.get(twoDigits);
    return name == null ? twoDigits : name + " (" + twoDigits + ")";
  }
}
