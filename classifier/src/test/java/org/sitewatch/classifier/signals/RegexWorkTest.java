package org.sitewatch.classifier.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every regular expression that runs on page content does work linear in its input: fed about 1 MiB
 * of the input that is worst for it (long runs after its trigger word, the trigger repeated), a
 * full {@code find()} scan reads at most {@link #MAX_READS_PER_CHAR} characters per input
 * character. Work is counted as {@code charAt} calls, not wall time, so the test is deterministic.
 */
class RegexWorkTest {
  static final int SIZE = Integer.getInteger("sitewatch.regex-work.size", 1 << 20);

  /** Reads per input character a linear pattern stays under; a backtracking one needs thousands. */
  static final long MAX_READS_PER_CHAR = 128;

  /** A {@link CharSequence} that counts how often its characters are read. */
  static final class CountingChars implements CharSequence {
    private final String text;
    long reads;

    CountingChars(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** {@code head} followed by {@code fill} up to about {@link #SIZE} characters. */
  static String run(String head, String fill) {
    return head + fill.repeat((SIZE - head.length()) / fill.length());
  }

  /** {@code unit} repeated up to about {@link #SIZE} characters. */
  static String repeat(String unit) {
    return unit.repeat(SIZE / unit.length());
  }

  /** Reads a full scan of {@code input} for every match of {@code pattern} costs. */
  static long readsOfFullScan(Pattern pattern, String input) {
    CountingChars chars = new CountingChars(input);
    Matcher m = pattern.matcher(chars);
    while (m.find()) {
      // consume every match, as the detectors do
    }
    return chars.reads;
  }

  static Stream<Arguments> patternsAndWorstInputs() {
    return Stream.of(
        // identifiers (text folded to half-width)
        worst(
            "ICP",
            FilingNumbers.ICP,
            run("京ICP备", " "),
            run("京 ICP ", " "),
            run("京ICP备1", " "),
            repeat("京ICP备1 "),
            run("京ICP备", "1")),
        worst(
            "PSB",
            FilingNumbers.PSB,
            run("", " "),
            run("京 公网安备", " "),
            repeat("京 "),
            run("公网安备", "1")),
        worst("QQ", ContactHandles.QQ, run("QQ", " "), repeat("QQ "), run("QQ号", "1")),
        worst(
            "WECHAT",
            ContactHandles.WECHAT,
            run("微信", " "),
            run("wx id", " "),
            repeat("wx "),
            run("微信:a", "b")),
        worst("PHONE", ContactHandles.PHONE, run("", "1"), repeat("13 "), repeat("+86 ")),
        worst("PHONE_CONTEXT", ContactHandles.PHONE_CONTEXT, repeat("电话"), run("", "t")),
        worst("TELEGRAM_LINK", ContactHandles.TELEGRAM_LINK, run("t.me/", "a"), repeat("t.me/s/")),
        worst(
            "TELEGRAM_HANDLE",
            ContactHandles.TELEGRAM_HANDLE,
            run("tg", " "),
            run("telegram id", " "),
            repeat("tg ")),
        worst(
            "ALIPAY",
            PaymentAccounts.ALIPAY,
            run("支付宝", " "),
            run("支付宝:", "a"),
            run("支付宝:a@", "a."),
            repeat("alipay:"),
            run("支付宝:", "1")),
        worst("GA_UA", AnalyticsIds.GA_UA, run("UA-", "1"), repeat("UA-1")),
        worst("GA4", AnalyticsIds.GA4, run("G-", "A"), repeat("G-")),
        worst("GTM", AnalyticsIds.GTM, run("GTM-", "A"), repeat("GTM-")),
        worst(
            "BAIDU",
            AnalyticsIds.BAIDU,
            run("_setAccount'", " "),
            run("hm.baidu.com/hm.js?", "a"),
            repeat("_setAccount',")),
        worst(
            "CNZZ",
            AnalyticsIds.CNZZ,
            repeat("cnzz.com/"),
            run("cnzz.com/", "a"),
            repeat("cnzz.com/?id=1"),
            run("CNZZDATA", "1")),
        worst("QQ_UIN", ContactHandles.QQ_UIN, run("uin=", "1"), repeat("uin=")),
        // layout
        worst("PLAYER_SRC", LayoutDetector.PLAYER_SRC, repeat("playe"), repeat("v.qq.co")),
        worst("DURATION", LayoutDetector.DURATION, run("", "1"), repeat("1:"), repeat("11:1")),
        worst(
            "CARD_MARK",
            LayoutDetector.CARD_MARK,
            run("", "1"),
            run("1", " "),
            repeat("1."),
            repeat("1 k "),
            repeat("HD")),
        // hiding (inline styles and rule bodies, compacted)
        worst(
            "FONT_SIZE_ZERO",
            Hiding.FONT_SIZE_ZERO,
            run(";font-size:0.", "0"),
            repeat(";font-size:0")),
        worst("OPACITY_ZERO", Hiding.OPACITY_ZERO, run(";opacity:0.", "0"), repeat(";opacity:0")),
        worst("OFF_SCREEN", Hiding.OFF_SCREEN, run(";left:-", "1"), repeat(";left:-1")),
        worst("TINY_BOX", Hiding.TINY_BOX, repeat(";width:1"), repeat(";height:0px")),
        worst("COLOR", Hiding.COLOR, run(";color:", "a"), repeat("color:"), repeat(";color:a")),
        worst(
            "BACKGROUND",
            Hiding.BACKGROUND,
            run(";background:", "a"),
            repeat("background:"),
            run(";background:", "u"),
            repeat(";background:ur")),
        worst(
            "SIMPLE_SELECTOR", Hiding.SIMPLE_SELECTOR, run("", "a"), run(".a", "-"), run("", "a.")),
        // payment
        worst(
            "QR_PAYMENT", PaymentDetector.QR_PAYMENT, run("扫码", "x"), repeat("扫码"), repeat("支付宝 ")),
        worst(
            "TOP_UP",
            PaymentDetector.TOP_UP,
            run("", "1"),
            run("充值", "1"),
            repeat("充值1"),
            run("1", " ")),
        worst(
            "TIER",
            PaymentDetector.TIER,
            run("月卡", " "),
            run("月卡", "1"),
            run("monthly vip", " "),
            repeat("月卡 ")),
        // structure
        worst("ADULT_RATING", StructureDetector.ADULT_RATING, run("", "a"), repeat("rt")),
        worst(
            "AGE_GATE",
            StructureDetector.AGE_GATE,
            run("i", " "),
            run("i am", " "),
            run("18", " "),
            run("enter", " "),
            run("you must be", " "),
            run("已满", " "),
            repeat("i am ")),
        worst(
            "PRICE_PER_PERIOD",
            StructureDetector.PRICE_PER_PERIOD,
            run("", "1"),
            run("$", "1"),
            repeat("$1 ")),
        worst(
            "FAMILY_UNFRIENDLY_JSON",
            StructureDetector.FAMILY_UNFRIENDLY_JSON,
            run("\"isFamilyFriendly\":", " "),
            run("\"isFamilyFriendly\":[", " "),
            repeat("\"isFamilyFriendly\"")),
        worst(
            "STATEMENT_2257",
            StructureDetector.STATEMENT_2257,
            run("18 u s c", " "),
            run("18", " "),
            run("18 usc §", " "),
            run("2257", " "),
            repeat("18 u.s.c. ")),
        worst("ENTER_CONTROL", StructureDetector.ENTER_CONTROL, run("", "-"), run("i", " ")),
        worst("LEAVE_CONTROL", StructureDetector.LEAVE_CONTROL, run("", "-"), run("take", " ")),
        worst("ADULTS_ONLY", StructureDetector.ADULTS_ONLY, run("18", " "), run("adults", " ")));
    // the charset declaration of stored pages is read by common's CharsetSniffer (first 4 KiB)
  }

  private static Arguments worst(String name, Pattern pattern, String... inputs) {
    return Arguments.of(name, pattern, List.of(inputs));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patternsAndWorstInputs")
  void aPatternOnPageContentReadsEachCharacterABoundedNumberOfTimes(
      String name, Pattern pattern, List<String> inputs) {
    for (String input : inputs) {
      long reads = readsOfFullScan(pattern, input);
      assertThat(reads)
          .as(
              "%s on %d chars starting %s",
              name,
              input.length(),
              input.substring(0, Math.min(24, input.length())).replace("\n", "\\n"))
          .isLessThanOrEqualTo(MAX_READS_PER_CHAR * input.length());
    }
  }

  @Test
  void cssCommentsAreRemovedInOnePassEvenWhenNoneIsClosed() {
    for (String input : List.of(repeat("/* "), repeat("/**/"), run("/*", "*"), repeat("*/ /"))) {
      CountingChars chars = new CountingChars(input);
      String stripped = Hiding.withoutComments(chars);
      assertThat(chars.reads).isLessThanOrEqualTo(2L * input.length());
      assertThat(stripped.length()).isLessThanOrEqualTo(input.length());
    }
    assertThat(Hiding.withoutComments(".a{x:1}/* c */.b{y:2}/* open")).isEqualTo(".a{x:1}.b{y:2}");
  }
}
