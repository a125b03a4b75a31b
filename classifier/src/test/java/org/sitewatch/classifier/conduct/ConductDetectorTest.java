package org.sitewatch.classifier.conduct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.events.ConductReason;

/** The page evidence per conduct, through the page classifier that runs the detector. */
class ConductDetectorTest {
  private static PageClassifier classifier;

  @BeforeAll
  static void load() {
    classifier = PageClassifier.load(ClassifierSettings.defaults());
  }

  private static List<ConductReason> reasons(String body) {
    PageScore score =
        classifier.classify(
            new PageInput(
                "https://a.test/p",
                "<html><body>" + body + "</body></html>",
                "text/html",
                Map.of()));
    return score.conductReasons();
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "VIP会員 月費 30元|for-profit|membership-price",
        "ＶＩＰ会员 ￥３０／月|for-profit|membership-price",
        "Monthly membership $29.95 per month|for-profit|membership-price",
        "充值 100元 得 1000 金币|for-profit|top-up",
        "儲值 100元|for-profit|top-up",
        "100 tokens for $10.99|for-profit|coins",
        "每套需 5 金币 下载|for-profit|coins",
        "套图打包下载 每套需 5 金币|for-profit|paid-download",
        "Download the app and unlock premium|for-profit|paid-app",
        "請使用支付寶掃碼付款|for-profit|payment-method",
        "银行卡转账后发放|for-profit|payment-method",
        "60 minutes $150, 90 minutes $220|for-profit|rate",
        "Elegant companion, $250 per hour|for-profit|rate",
        "上门 300元/次|for-profit|rate",
        "私密直播 每分鐘 10 金幣|for-profit|rate",
        "價目表：快餐 500元|for-profit|price-list",
        "<video src=\"/v.mp4\" controls></video>|showing-audio-video|video-player",
        "<div class=\"dplayer\"></div>|showing-audio-video|video-player",
        "主播 直播中|showing-audio-video|stream",
        "成人写真套图 在线浏览|showing-audio-video|picture-set",
        "Nude photo sets to browse|showing-audio-video|picture-set",
        "成人电影 视频下载|showing-audio-video|video-download",
        "escorts and call girls. Meet tonight.|solicitation|meeting",
        "escorts and call girls. Text me on 555 0100 2233.|solicitation|contact-handle",
        "楼凤 上门服务 联系微信：xiaomei_8899|solicitation|contact-handle",
        "Escorts for outcall: $300 per hour|solicitation|rate",
      })
  void findsEachKindOfEvidence(String body, String conduct, String signal) {
    assertThat(reasons(body))
        .filteredOn(r -> r.conduct().equals(conduct))
        .extracting(ConductReason::signal)
        .contains(signal);
  }

  @ParameterizedTest(name = "{0} -> no profit evidence")
  @CsvSource(
      delimiter = '|',
      value = {
        "时长 1小时30分钟 高清在线观看",
        "一次20张 高清套图",
        "每分钟 60 帧 流畅播放",
        "No credit card required. Watch free.",
        "Stream without a credit card",
        "免费，无需银行卡，无需注册",
        "Keep us online: donate via BTC",
        "每天8点更新 点击下载",
        "下载 每晚 10点 开始",
      })
  void aLengthACountAFreeSitesWordsOrAnHourAreNoProfitEvidence(String body) {
    assertThat(reasons(body)).filteredOn(r -> r.conduct().equals("for-profit")).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> still {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "快餐 500 包夜 1500|rate",
        "一小时 ¥800|rate",
        "每小时 800元|rate",
        "Pay by credit card or PayPal|payment-method",
        "支持支付宝、微信支付|payment-method",
        "下载需要 50点|paid-download",
      })
  void realPricesAndPaymentsNextToThoseWordsAreStillFound(String body, String signal) {
    assertThat(reasons(body))
        .filteredOn(r -> r.conduct().equals("for-profit"))
        .extracting(ConductReason::signal)
        .contains(signal);
  }

  @Test
  void aPagePaddedWithOneAnchorWordStillShowsALaterMembershipPrice() {
    assertThat(reasons("<p>" + "元 ".repeat(2500) + "</p><p>VIP会员 月卡 30元</p>"))
        .extracting(ConductReason::signal)
        .contains("membership-price");
  }

  @Test
  void aMembershipPriceWhoseAmountStandsFarFromItsWordIsStillFound() {
    // 24 characters outside the Basic Multilingual Plane are 48 chars between the word and the
    // amount: the stretch searched around the digit must cover the match's length in chars
    assertThat(reasons("<p>subscription " + "\uD83C\uDF38".repeat(23) + "30元</p>"))
        .extracting(ConductReason::signal)
        .contains("membership-price");
  }

  @Test
  void aReasonCarriesThePageSnippetAsWrittenAndItsUrl() {
    assertThat(reasons("<p>付費專區：VIP會員 月費 30元</p>"))
        .filteredOn(r -> r.signal().equals("membership-price"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.snippet()).contains("月費 30元");
              assertThat(r.url()).isEqualTo("https://a.test/p");
            });
  }

  @Test
  void ratesAndContactsAreSolicitationOnlyNextToSolicitationWording() {
    List<ConductReason> reasons =
        reasons("<p>Private show 6 tokens per minute. Call us on 555 0100 2233.</p>");

    assertThat(reasons).extracting(ConductReason::conduct).doesNotContain("solicitation");
    assertThat(reasons).extracting(ConductReason::signal).contains("rate");
  }

  @Test
  void anOrdinaryPageWithoutPricesPlayersOrEscortWordingGivesNoEvidence() {
    assertThat(reasons("<h1>Recipes</h1><p>Boil the noodles for 5 minutes, add salt.</p>"))
        .isEmpty();
  }

  @Test
  void atMostAFewReasonsPerConductStrongestKindsFirst() {
    List<ConductReason> reasons =
        reasons("<p>VIP会员 月卡 30元，充值 100元 得 1000 金币，支付宝扫码支付，付费下载 5 金币，" + "下载APP开通VIP，价目表</p>");

    assertThat(reasons)
        .filteredOn(r -> r.conduct().equals("for-profit"))
        .hasSize(ConductDetector.MAX_PER_CONDUCT)
        .extracting(ConductReason::signal)
        .startsWith("membership-price", "payment-method", "top-up");
  }
}
