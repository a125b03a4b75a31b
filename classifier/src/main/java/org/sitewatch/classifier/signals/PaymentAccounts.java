package org.sitewatch.classifier.signals;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.sitewatch.classifier.keywords.TextAnalysis;
import org.sitewatch.classifier.signals.IdentifierExtractor.Collector;

/**
 * Payment accounts on a page: Alipay accounts next to their label, and USDT-TRC20 and Bitcoin
 * wallet addresses whose checksums hold ({@link PaymentAddresses}).
 */
final class PaymentAccounts {
  static final Pattern ALIPAY =
      Pattern.compile(
          "(?:支付宝|alipay)\\s*+(?:账号|帐号|账户|帐户|号)?+\\s*+[:：]\\s*+"
              + "(1[3-9]\\d{9}(?!\\d)|[a-z0-9._%+-]{1,64}+@[a-z0-9-]{1,63}+(?:\\.[a-z0-9-]{1,63}+){1,8})",
          Pattern.CASE_INSENSITIVE);

  private PaymentAccounts() {}

  /** Alipay accounts near their label, and wallet addresses anywhere in the text. */
  static void find(String text, String original, int[][] at, Collector out) {
    TextScan.forEachNear(
        ALIPAY,
        text,
        at[IdentifierExtractor.AT_ALIPAY],
        0,
        70,
        m ->
            out.add(
                "payment",
                m.group(1).toLowerCase(Locale.ROOT),
                IdentifierExtractor.snip(original, m),
                Map.of("method", "alipay")));
    // wallet addresses: runs of letters and digits of the right length, then their checksums
    int n = text.length();
    int i = 0;
    while (i < n) {
      // no run that covers position i started before it; a run of 26 or more starting within
      // the next 26 characters covers i + 25, so where that one is no letter or digit, skip them
      if (i + 25 < n && !isAsciiAlnum(text.charAt(i + 25))) {
        i += 26;
        continue;
      }
      if (!isAsciiAlnum(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isAsciiAlnum(text.charAt(i))) {
        i++;
      }
      int length = i - start;
      if (length < 26 || length > 90) {
        continue;
      }
      String word = text.substring(start, i);
      String method = null;
      if (length == 34 && word.charAt(0) == 'T' && PaymentAddresses.isTron(word)) {
        method = "usdt-trc20";
      } else if (length <= 35
          && (word.charAt(0) == '1' || word.charAt(0) == '3')
          && PaymentAddresses.isBitcoinLegacy(word)) {
        method = "btc";
      } else if (word.regionMatches(true, 0, "bc1", 0, 3)
          && PaymentAddresses.isBitcoinBech32(word)) {
        method = "btc";
        word = word.toLowerCase(Locale.ROOT);
      }
      if (method != null) {
        out.add(
            "payment",
            word,
            TextAnalysis.snippet(original, start, i, IdentifierExtractor.SNIPPET_CONTEXT),
            Map.of("method", method));
      }
    }
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
