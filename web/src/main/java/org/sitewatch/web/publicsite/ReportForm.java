package org.sitewatch.web.publicsite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of a posted report, as given (nothing checked yet).
 *
 * @param urls every {@code url} input, blank ones included (their position names the input)
 * @param homepage the honeypot: a person leaves it empty
 */
record ReportForm(
    List<String> urls,
    String category,
    String description,
    String contact,
    String homepage,
    String challenge,
    String pow,
    String answer) {
  ReportForm {
    urls = List.copyOf(urls);
  }

  static ReportForm of(Map<String, List<String>> fields) {
    return new ReportForm(
        new ArrayList<>(fields.getOrDefault("url", List.of())),
        first(fields, "category"),
        first(fields, "description"),
        first(fields, "contact"),
        first(fields, "homepage"),
        first(fields, "challenge"),
        first(fields, "pow"),
        first(fields, "answer"));
  }

  static ReportForm empty() {
    return new ReportForm(List.of(), "", "", "", "", "", "", "");
  }

  private static String first(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
