package org.sitewatch.web.capture;

import java.util.List;
import java.util.Objects;

/** What reading one captured page from the WARC store gave: the page, or why there is none. */
public sealed interface Capture {

  /**
   * The captured response, decoded.
   *
   * @param status the HTTP status the site answered
   * @param mediaType the media type of its Content-Type header, lower-case ("" when absent)
   * @param charset the charset the body was decoded with
   * @param text the body decoded ({@link CaptureReader#MAX_BODY_BYTES} at most were read)
   * @param truncated whether the body was cut here, at the read limit
   * @param notes lesser problems on the way (the crawler cut the body short, a content encoding
   *     that could not be undone, a charset header the body contradicts...)
   */
  record Read(
      int status,
      String mediaType,
      String charset,
      String text,
      boolean truncated,
      List<String> notes)
      implements Capture {
    public Read {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(charset, "charset");
      Objects.requireNonNull(text, "text");
      notes = List.copyOf(notes);
    }

    /** Whether the body is shown as HTML (an absent type is sniffed as HTML, as browsers do). */
    public boolean html() {
      return mediaType.isEmpty()
          || mediaType.equals("text/html")
          || mediaType.equals("application/xhtml+xml");
    }

    /** Whether the body is some kind of text at all (HTML, plain text, XML, JSON...). */
    public boolean textual() {
      return html()
          || mediaType.startsWith("text/")
          || mediaType.endsWith("+xml")
          || mediaType.endsWith("/xml")
          || mediaType.endsWith("/json");
    }
  }

  /**
   * The page cannot be shown.
   *
   * @param why which case it is (the viewer words each in the user's language)
   * @param detail the store's explanation (in English), or ""
   */
  record Unavailable(Why why, String detail) implements Capture {
    public Unavailable {
      Objects.requireNonNull(why, "why");
      detail = detail == null ? "" : detail;
    }
  }

  /** Why a captured page cannot be shown. */
  enum Why {
    /** The workbench was started without a WARC store. */
    NO_STORE,
    /** The page was scored without its exchange being stored (no WARC reference). */
    NO_RECORD,
    /** The store has no such record, or it does not read or hash as referenced. */
    UNREADABLE
  }
}
