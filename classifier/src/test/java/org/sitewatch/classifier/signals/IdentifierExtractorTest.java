package org.sitewatch.classifier.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;

class IdentifierExtractorTest {
  private static final String URL = "https://site.test/p";
  private final IdentifierExtractor extractor = new IdentifierExtractor();

  private IdentifierExtractor.Extraction extract(String text) {
    return extractor.extract(new PageText(text, Optional.empty(), Map.of()), URL);
  }

  private List<String> values(String text, String type) {
    return extract(text).identifiers().stream()
        .filter(i -> i.type().equals(type))
        .map(Identifier::value)
        .toList();
  }

  private Identifier only(String text, String type) {
    List<Identifier> found =
        extract(text).identifiers().stream().filter(i -> i.type().equals(type)).toList();
    assertThat(found).as("%s in %s", type, text).hasSize(1);
    return found.get(0);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "京ICP备12345678号-1|京ICP备12345678号-1",
        "京ICP备12345678号|京ICP备12345678号",
        "京ICP证030173号|京ICP证030173号",
        "粤ICP备2021012345号-3|粤ICP备2021012345号-3",
        "蜀ICP备 123456号|蜀ICP备123456号",
        "沪icp备12345678号－2|沪ICP备12345678号-2",
        "浙ＩＣＰ备１２３４５６７８号|浙ICP备12345678号",
        "备案号：苏ICP备:87654321号-12|苏ICP备87654321号-12",
      })
  void extractsIcpNumbersInTheirCanonicalForm(String text, String value) {
    assertThat(values(text, "icp")).containsExactly(value);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "京ICP备12345号", // 5 digits: too short
        "京ICP备12345678901号", // 11 digits: too long
        "ICP备12345678号", // no province
        "X ICP备12345678号", // not a province abbreviation
        "京ICP12345678号", // neither 备 nor 证
      })
  void rejectsMalformedIcpNumbers(String text) {
    assertThat(values(text, "icp")).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1} consistent={2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "京公网安备 11010502030143号|京公网安备11010502030143号|true|北京|北京",
        "粤公网安备44030502000001号|粤公网安备44030502000001号|true|广东|广东",
        "川公网安备 51010702000001号|川公网安备51010702000001号|true|四川|四川",
        "京公网安备 44030502000001号|京公网安备44030502000001号|false|北京|广东",
        "沪公网安备 99010502000001号|沪公网安备99010502000001号|false|上海|unknown",
      })
  void checksPublicSecurityFilingsAgainstTheirAreaCode(
      String text, String value, String consistent, String province, String areaProvince) {
    Identifier psb = only(text, "psb");
    assertThat(psb.value()).isEqualTo(value);
    assertThat(psb.attributes())
        .containsEntry("consistent", consistent)
        .containsEntry("province", province)
        .containsEntry("areaProvince", areaProvince)
        .containsEntry("areaCode", value.substring(5, 11));
    boolean forged = !Boolean.parseBoolean(consistent);
    assertThat(extract(text).findings())
        .extracting(Finding::kind)
        .containsExactlyElementsOf(forged ? List.of("forged-filing") : List.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "京公网安备 1101050203014号", // 13 digits
        "京公网安备 110105020301430号", // 15 digits
      })
  void rejectsPublicSecurityNumbersWithoutFourteenDigits(String text) {
    assertThat(values(text, "psb")).isEmpty();
  }

  @Test
  void checksTheIcpProvinceAgainstThePublicSecurityAreaOnTheSamePage() {
    Identifier consistent = only("京ICP备12345678号-1 京公网安备 11010502030143号", "icp");
    assertThat(consistent.attributes()).containsEntry("consistent", "true");

    IdentifierExtractor.Extraction forged = extract("京ICP备20231234号 粤公网安备 44030502000001号");
    assertThat(forged.identifiers())
        .filteredOn(i -> i.type().equals("icp"))
        .singleElement()
        .satisfies(i -> assertThat(i.attributes()).containsEntry("consistent", "false"));
    assertThat(forged.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("forged-filing");
              assertThat(f.detail()).contains("北京").contains("广东");
              assertThat(f.snippet()).contains("京ICP备20231234号");
              assertThat(f.url()).isEqualTo(URL);
            });

    assertThat(only("京ICP备12345678号", "icp").attributes()).doesNotContainKey("consistent");
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "客服QQ：12345678|qq|12345678",
        "QQ 123456789|qq|123456789",
        "扣扣:98765|qq|98765",
        "企鹅号：10001000100|qq|10001000100",
        "QQ群：87654321|qq|87654321",
        "微信：vip_service88|wechat|vip_service88",
        "微信号 Abc-123456|wechat|abc-123456",
        "加VX: night2026|wechat|night2026",
        "wx：kefu_01|wechat|kefu_01",
        "联系电话：138-1234-5678|phone|13812345678",
        "手机 +86 139 1234 5678|phone|13912345678",
        "Tel: 15012345678|phone|15012345678",
        "t.me/vip_support_bot|telegram|@vip_support_bot",
        "https://telegram.me/NightHelper|telegram|@nighthelper",
        "飞机 @night_helper|telegram|@night_helper",
        "TG：@Channel_2026|telegram|@channel_2026",
        "支付宝账号：pay@example.test|payment|pay@example.test",
        "支付宝：13812345678|payment|13812345678",
        "USDT(TRC20)：TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|payment|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|payment|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "BTC bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|payment|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
      })
  void extractsContactHandlesAndPaymentAccounts(String text, String type, String value) {
    Identifier found = only(text, type);
    assertThat(found.value()).isEqualTo(value);
    assertThat(found.snippet()).isNotBlank();
    assertThat(found.url()).isEqualTo(URL);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "QQ：1234|qq", // 4 digits
        "QQ：012345678|qq", // leading zero
        "QQ：123456789012|qq", // 12 digits
        "微信支付 欢迎使用|wechat", // no ID after the word
        "WeChat Official account|wechat", // an ordinary word, not labelled
        "微信：12345678|wechat", // must start with a letter
        "微信：abc12|wechat", // 5 characters
        "订单号 13812345678|phone", // no phone word nearby
        "电话：12812345678|phone", // second digit 2
        "电话：138123456789|phone", // 12 digits
        "t.me/joinchat|telegram",
        "email me @night_helper|telegram", // no Telegram word
        "支付宝 付款|payment",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u|payment", // checksum broken
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb|payment", // checksum broken
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5|payment", // checksum broken
      })
  void ignoresLookAlikesOfHandlesAndAccounts(String text, String type) {
    assertThat(values(text, type)).isEmpty();
  }

  @Test
  void deduplicatesByTypeAndValueKeepingTheFirstSnippet() {
    List<Identifier> found = extract("QQ：12345678 第一处。 另有 QQ：12345678 第二处").identifiers();
    assertThat(found).singleElement().satisfies(i -> assertThat(i.snippet()).contains("第一处"));
  }

  @ParameterizedTest(name = "{1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gtag('config', 'UA-12345678-2');|google-analytics|UA-12345678-2",
        "https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ9|google-analytics|G-ABC123XYZ9",
        "'dataLayer','GTM-AB12CD3');|google-tag-manager|GTM-AB12CD3",
        "https://hm.baidu.com/hm.js?0123456789abcdef0123456789abcdef|baidu-tongji|0123456789abcdef0123456789abcdef",
        "_hmt.push(['_setAccount', 'fedcba9876543210fedcba9876543210']);|baidu-tongji|fedcba9876543210fedcba9876543210",
        "https://s9.cnzz.com/z_stat.php?id=1281234567&web_id=1281234567|cnzz|1281234567",
        "https://s4.cnzz.com/stat.php?web_id=5551234|cnzz|5551234",
        "cnzz_stat_icon_1287654321|cnzz|1287654321",
      })
  void extractsAnalyticsIds(String source, String type, String value) {
    assertThat(AnalyticsIds.of(source))
        .extracting(Identifier::type, Identifier::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(type, value));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "var version = 'G-ABC123XYZ9';", // a G- shape outside Google's tag code
        "UA-123-1", // too few digits
        "hm.baidu.com/hm.js?0123456789abcdef", // 16 hex digits
        "GTM-AB", // too short
      })
  void ignoresAnalyticsLookAlikes(String source) {
    assertThat(AnalyticsIds.of(source)).isEmpty();
  }

  @Test
  void paymentAccountsAreASmallProfitSignalAndOtherIdentifiersAreNone() {
    assertThat(IdentifierExtractor.paymentSignal(extract("QQ：12345678").identifiers())).isEmpty();
    RawHit hit =
        IdentifierExtractor.paymentSignal(
                extract("USDT：TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t").identifiers())
            .orElseThrow();
    assertThat(hit.category()).isEqualTo(Category.PROFIT);
    assertThat(hit.weight()).isEqualTo(IdentifierExtractor.PAYMENT_WEIGHT);
    assertThat(hit.snippet()).contains("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
  }

  @Test
  void checksumsAcceptEncodedAddressesAndRejectOtherVersions() {
    byte[] tron = new byte[21];
    tron[0] = 0x41;
    tron[5] = 7;
    String address = PaymentAddresses.encodeBase58Check(tron);
    assertThat(address).startsWith("T").hasSize(34);
    assertThat(PaymentAddresses.isTron(address)).isTrue();
    assertThat(PaymentAddresses.isBitcoinLegacy(address)).isFalse();
    byte[] btc = new byte[21];
    btc[3] = 9;
    assertThat(PaymentAddresses.isBitcoinLegacy(PaymentAddresses.encodeBase58Check(btc))).isTrue();
    assertThat(PaymentAddresses.isTron(PaymentAddresses.encodeBase58Check(btc))).isFalse();
  }
}
