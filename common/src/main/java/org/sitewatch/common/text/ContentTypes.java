package org.sitewatch.common.text;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a {@code Content-Type} header value says: the media type, and the charset it declares. */
public final class ContentTypes {
  private static final Pattern HEADER_CHARSET =
      Pattern.compile(";\\s*charset\\s*=\\s*[\"']?([^\"';\\s]+)", Pattern.CASE_INSENSITIVE);

  private ContentTypes() {}

  /** The media type of a Content-Type header value, lower-case, without parameters; "" if none. */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /** Whether a media type is parsed as HTML; an absent type is sniffed as HTML like browsers do. */
  public static boolean isHtml(String mediaType) {
    return mediaType.isEmpty()
        || mediaType.equals("text/html")
        || mediaType.equals("application/xhtml+xml");
  }

  /**
   * The charset declared in a Content-Type header value, if it names a supported charset (labels
   * mapped by {@link CharsetSniffer#forLabel}).
   */
  public static Optional<Charset> charset(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    Matcher m = HEADER_CHARSET.matcher(contentType);
    return m.find() ? CharsetSniffer.forLabel(m.group(1)) : Optional.empty();
  }
}
