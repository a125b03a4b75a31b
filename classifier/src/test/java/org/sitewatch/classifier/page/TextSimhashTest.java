package org.sitewatch.classifier.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextSimhashTest {
  private static final String[] WORDS = {
    "video",
    "member",
    "update",
    "daily",
    "library",
    "collection",
    "premium",
    "channel",
    "archive",
    "stream",
    "download",
    "account",
    "support",
    "service",
    "gallery",
    "category",
    "popular",
    "latest",
    "week",
    "month",
    "price",
    "offer",
    "friend",
    "message",
    "contact",
    "online"
  };

  /** A deterministic pseudo-text of {@code words} words. */
  private static String text(long seed, int words) {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ".\n" : " ");
    }
    return sb.toString();
  }

  private static long hash(String text) {
    OptionalLong h = TextSimhash.of(text);
    assertThat(h).as("hash of %s...", text.substring(0, Math.min(40, text.length()))).isPresent();
    return h.getAsLong();
  }

  /** Replaces the word at each of {@code positions} (word index) with a word not in the list. */
  private static String changeWords(String text, int... positions) {
    String[] words = text.split(" ", -1);
    for (int p : positions) {
      words[p] = "changed" + p;
    }
    return String.join(" ", words);
  }

  @Test
  void textWithAFewWordsChangedIsWithinThreeBits() {
    String original = text(7, 400);
    String edited = changeWords(original, 10, 150, 300);
    assertThat(TextSimhash.distance(hash(original), hash(edited))).isLessThanOrEqualTo(3);
  }

  @Test
  void chineseTextWithAFewCharactersChangedIsWithinThreeBits() {
    String base =
        "最新成人视频每日更新，开通会员即可在线观看全部高清资源，客服在线为您解答开通问题。" + "本站资源丰富，分类齐全，欢迎收藏本站并推荐给朋友，更多精彩内容请关注我们的频道。";
    String original = base.repeat(3) + "联系我们获取最新地址，永久域名请牢记。";
    String edited = original.replace("永久域名请牢记", "备用域名请收藏");
    assertThat(TextSimhash.distance(hash(original), hash(edited))).isLessThanOrEqualTo(3);
  }

  @Test
  void layoutAndInsertedSymbolsDoNotChangeTheHash() {
    String original = text(11, 200);
    String noisy = original.replace(" ", " *  ").replace("\n", "\n\n  | ");
    assertThat(hash(noisy)).isEqualTo(hash(original));
  }

  @Test
  void unrelatedTextsAreFarApart() {
    long a = hash(text(1, 400));
    long b = hash(text(2, 400));
    long c = hash("今天天气很好，我们一起去公园散步，看看湖边的花开了没有。".repeat(4));
    assertThat(TextSimhash.distance(a, b)).isGreaterThan(12);
    assertThat(TextSimhash.distance(a, c)).isGreaterThan(12);
    assertThat(TextSimhash.distance(b, c)).isGreaterThan(12);
  }

  @Test
  void theHashOfAFixedTextIsAPinnedValue() {
    // the hash is persisted and compared across processes and releases: any change to the
    // features, the feature hash or the vote must show up here
    assertThat(TextSimhash.hexOf(text(7, 400))).isEqualTo("813723f2edd9dcb7");
    assertThat(TextSimhash.hexOf(CHINESE)).isEqualTo("ce8fa2b81ac96ea3");
  }

  private static final String CHINESE =
      "今天天气很好，我们一起去公园散步，看看湖边的花开了没有。" + "图书馆周末开放到晚上八点，欢迎同学们来借阅新到的杂志和小说。";

  @Test
  void distanceCountsTheDifferingBitsAndIsSymmetric() {
    assertThat(TextSimhash.distance(0L, -1L)).isEqualTo(64);
    assertThat(TextSimhash.distance(0b1100L, 0b1010L)).isEqualTo(2);
    assertThat(TextSimhash.distance(0b1010L, 0b1100L)).isEqualTo(2);
    long a = hash(text(1, 400));
    long b = hash(text(2, 400));
    assertThat(TextSimhash.distance(a, a)).isZero();
    assertThat(TextSimhash.distance(a, b)).isEqualTo(TextSimhash.distance(b, a)).isPositive();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''",
        "404 Not Found",
        "您是否已年满18岁？ 是 否",
      })
  void tooLittleTextHasNoHash(String text) {
    assertThat(TextSimhash.of(text)).isEmpty();
    assertThat(TextSimhash.hexOf(text)).isNull();
  }

  @Test
  void hexIsSixteenLowerCaseDigits() {
    assertThat(TextSimhash.hex(0xABCL)).isEqualTo("0000000000000abc");
    assertThat(TextSimhash.hex(-1L)).isEqualTo("ffffffffffffffff");
  }
}
