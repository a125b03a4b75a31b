package org.sitewatch.classifier.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.classifier.page.PageText;

class PageAnchorsTest {
  private static final String[] PIECES = {
    "QQ",
    "ＱＱ",
    "Ｑq",
    "qq",
    "微信",
    "ｗｅｉｘｉｎ",
    "weixin",
    "ｔｅｌ",
    "Tel",
    "tg",
    "ｔｇ",
    "ICP",
    "ＩＣＰ",
    "icp备",
    "公网安备",
    "支付宝",
    "ａｌｉｐａｙ",
    "alipay",
    "t.me/",
    "ｔ．ｍｅ／",
    ".Me/",
    "18",
    "１８",
    "$",
    "＄",
    "¥",
    "￥",
    "元",
    "2257",
    "２２５７",
    "扫码",
    "QR",
    "ＱＲ",
    "top up",
    "top\u3000up",
    "ｔｏｐ－ｕｐ",
    "monthly",
    "ＭＯＮＴＨＬＹ",
    "年卡",
    "📞",
    "☎",
    " ",
    "\u3000",
    "，",
    "。",
    "a",
    "e",
    "x",
    "1",
    "9",
    "\n",
    "联系",
    "电话",
    "飞机",
    "whatsapp",
    "ｗｈａｔｓａｐｐ",
    "eighteen",
    "ＥＩＧＨＴＥＥＮ"
  };

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "联系ＱＱ：１２３４５６７８",
        "ｗｅｉｘｉｎ abc",
        "ICP备12345678号",
        "充值 ＄30 top\u3000up",
        "ｔｏｐ－ｕｐ ¥30"
      })
  void eachDetectorSeesTheSameAnchorsAsInItsOwnScan(String text) {
    assertSameAsSeparateScans(text);
  }

  @Test
  void sharedScanAgreesWithSeparateScansOnMixedText() {
    Random random = new Random(42);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(40);
      for (int k = 0; k < pieces; k++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      assertSameAsSeparateScans(text.toString());
    }
  }

  /** Identifier anchors are found in the width-folded text; the others in the text as it is. */
  private static void assertSameAsSeparateScans(String text) {
    PageText page = new PageText(text, java.util.Optional.empty(), java.util.Map.of());
    assertThat(page.anchors(PageAnchors.STRUCTURE))
        .isDeepEqualTo(new TextScan.Anchors(StructureDetector.ANCHOR_GROUPS).find(text));
    assertThat(page.anchors(PageAnchors.PAYMENT))
        .isDeepEqualTo(new TextScan.Anchors(PaymentDetector.ANCHOR_GROUPS).find(text));
    assertThat(page.anchors(PageAnchors.IDENTIFIER))
        .as(Arrays.toString(text.toCharArray()))
        .isDeepEqualTo(
            new TextScan.Anchors(IdentifierExtractor.ANCHOR_GROUPS)
                .find(IdentifierExtractor.foldWidth(text)));
  }
}
