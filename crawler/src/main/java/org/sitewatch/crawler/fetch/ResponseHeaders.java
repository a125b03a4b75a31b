package org.sitewatch.crawler.fetch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.Header;

/** Response headers as a page carries them: lower-case names, repeated headers joined by ", ". */
public final class ResponseHeaders {
  private ResponseHeaders() {}

  public static Map<String, String> of(Header[] headers) {
    Map<String, String> map = new LinkedHashMap<>();
    if (headers != null) {
      for (Header h : headers) {
        if (h.getName() == null) {
          continue;
        }
        String value = h.getValue() == null ? "" : h.getValue();
        map.merge(h.getName().toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
      }
    }
    return map;
  }
}
