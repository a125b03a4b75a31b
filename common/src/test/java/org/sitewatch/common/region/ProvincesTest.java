package org.sitewatch.common.region;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvincesTest {
  // from classifier ProvincesTest
  @ParameterizedTest(name = "{0} = {1} {2}")
  @CsvSource({
    "京, 11, 北京",
    "津, 12, 天津",
    "冀, 13, 河北",
    "晋, 14, 山西",
    "蒙, 15, 内蒙古",
    "辽, 21, 辽宁",
    "吉, 22, 吉林",
    "黑, 23, 黑龙江",
    "沪, 31, 上海",
    "苏, 32, 江苏",
    "浙, 33, 浙江",
    "皖, 34, 安徽",
    "闽, 35, 福建",
    "赣, 36, 江西",
    "鲁, 37, 山东",
    "豫, 41, 河南",
    "鄂, 42, 湖北",
    "湘, 43, 湖南",
    "粤, 44, 广东",
    "桂, 45, 广西",
    "琼, 46, 海南",
    "渝, 50, 重庆",
    "川, 51, 四川",
    "蜀, 51, 四川",
    "贵, 52, 贵州",
    "黔, 52, 贵州",
    "云, 53, 云南",
    "滇, 53, 云南",
    "藏, 54, 西藏",
    "陕, 61, 陕西",
    "秦, 61, 陕西",
    "甘, 62, 甘肃",
    "陇, 62, 甘肃",
    "青, 63, 青海",
    "宁, 64, 宁夏",
    "新, 65, 新疆",
    "台, 71, 台湾",
    "港, 81, 香港",
    "澳, 82, 澳门",
  })
  void mapsEachAbbreviationToItsAreaCodePrefix(char abbreviation, String code, String name) {
    Provinces.Province province = Provinces.byAbbreviation(abbreviation).orElseThrow();
    assertThat(province.code()).isEqualTo(code);
    assertThat(province.name()).isEqualTo(name);
    assertThat(Provinces.byAreaCode(code + "0105")).contains(province);
    assertThat(Provinces.byName(name)).contains(province);
    assertThat(Provinces.known(code)).isTrue();
    assertThat(Provinces.label(code)).isEqualTo(name + " (" + code + ")");
    assertThat(Provinces.ABBREVIATIONS).contains(String.valueOf(abbreviation));
  }

  @Test
  void knowsAllThirtyFourProvinceLevelDivisionsAndNoOtherPrefixes() {
    assertThat(Provinces.count()).isEqualTo(34);
    assertThat(Provinces.all()).hasSize(34);
    assertThat(Provinces.byAreaCode("990101")).isEmpty();
    assertThat(Provinces.byAreaCode("160101")).isEmpty();
    assertThat(Provinces.byAreaCode("1")).isEmpty();
    assertThat(Provinces.byAreaCode(null)).isEmpty();
    assertThat(Provinces.byAbbreviation('中')).isEmpty();
    assertThat(Provinces.byName("北京市")).isEmpty();
    assertThat(Provinces.ABBREVIATIONS).hasSize(39);
  }

  // from the sink's jurisdiction Provinces
  @Test
  void labelsAnUnknownCodeByItsDigits() {
    assertThat(Provinces.known("99")).isFalse();
    assertThat(Provinces.label("99")).isEqualTo("99");
    assertThat(Provinces.label("51")).isEqualTo("四川 (51)");
  }
}
