package org.sitewatch.web.view;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The workbench's texts in one language: {@code web/messages.properties} (English) and {@code
 * web/messages_zh_CN.properties} (Chinese), UTF-8. A missing key shows as {@code ??key??} so that a
 * test or a reader sees it at once.
 */
public final class Messages {
  public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
  public static final Locale ENGLISH = Locale.ENGLISH;
  public static final List<Locale> SUPPORTED = List.of(CHINESE, ENGLISH);

  private final Locale locale;
  private final ResourceBundle bundle;

  private Messages(Locale locale) {
    this.locale = locale;
    this.bundle =
        ResourceBundle.getBundle(
            "web.messages",
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static final Messages ZH = new Messages(CHINESE);
  private static final Messages EN = new Messages(ENGLISH);

  public static Messages of(Locale locale) {
    return CHINESE.getLanguage().equals(locale.getLanguage()) ? ZH : EN;
  }

  /** The language tag ({@code zh-CN}, {@code en}). */
  public String tag() {
    return locale.toLanguageTag();
  }

  public Locale locale() {
    return locale;
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

  /**
   * The language for a request: the account's setting, else the first supported language of the
   * {@code Accept-Language} header, else Chinese.
   */
  public static Messages negotiate(String setting, String acceptLanguage) {
    if (setting != null && !setting.isBlank()) {
      return of(Locale.forLanguageTag(setting));
    }
    if (acceptLanguage != null && acceptLanguage.length() < 1000) {
      try {
        Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
        if (best != null) {
          return of(best);
        }
        for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
          if (r.getRange().startsWith("en")) {
            return EN;
          }
          if (r.getRange().startsWith("zh")) {
            return ZH;
          }
        }
      } catch (IllegalArgumentException e) {
        // an unreadable header: the default
      }
    }
    return ZH;
  }
}
