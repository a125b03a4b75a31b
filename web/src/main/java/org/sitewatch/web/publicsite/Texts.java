package org.sitewatch.web.publicsite;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The public site's texts in one language, from its own bundle ({@code
 * publicsite/messages.properties}, English, and {@code publicsite/messages_zh_CN.properties}),
 * which shares nothing with the workbench's. Chinese unless the visitor chose English. A missing
 * key shows as {@code ??key??}. Public only for the templates.
 */
public final class Texts {
  private static final String[] ZH_DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  private static final String[] EN_NUMBERS = {
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty"
  };

  static final Texts ZH = new Texts(Locale.SIMPLIFIED_CHINESE, "zh");
  static final Texts EN = new Texts(Locale.ENGLISH, "en");

  private final Locale locale;
  private final String code;
  private final ResourceBundle bundle;

  private Texts(Locale locale, String code) {
    this.locale = locale;
    this.code = code;
    this.bundle =
        ResourceBundle.getBundle(
            "publicsite.messages",
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** The language of {@code code} ({@code zh}, {@code en}), or empty for another. */
  static Optional<Texts> ofCode(String code) {
    if ("zh".equals(code)) {
      return Optional.of(ZH);
    }
    if ("en".equals(code)) {
      return Optional.of(EN);
    }
    return Optional.empty();
  }

  /** {@code zh} or {@code en}: the {@code lang} parameter and cookie. */
  public String code() {
    return code;
  }

  /** The other language's code (the switch link). */
  public String other() {
    return this == ZH ? "en" : "zh";
  }

  /** The HTML {@code lang} attribute. */
  public String tag() {
    return locale.toLanguageTag();
  }

  /** The text of {@code key}, with {@code args} put in ({@link MessageFormat}). */
  public String t(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return "??" + key + "??";
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  /** A number from 0 to 20 in words ({@code 十七}, {@code seventeen}). */
  String number(int n) {
    if (n < 0 || n > 20) {
      throw new IllegalArgumentException("0..20: " + n);
    }
    if (this == EN) {
      return EN_NUMBERS[n];
    }
    if (n <= 10) {
      return n == 10 ? "十" : ZH_DIGITS[n];
    }
    return n == 20 ? "二十" : "十" + ZH_DIGITS[n - 10];
  }

  /** The challenge's question in words. */
  String question(Challenges.Challenge c) {
    return t(c.plus() ? "challenge.plus" : "challenge.minus", number(c.a()), number(c.b()));
  }
}
