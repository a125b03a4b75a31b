package org.sitewatch.infra.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * One simulated reporter of {@code bench tips}: its own client address (sent in the header the
 * public site is told to trust, as a reverse proxy would), its own cookies, and per tip what a
 * browser with JavaScript does: {@code GET /}, read the form's challenge and {@code data-pow-bits},
 * solve the proof of work, {@code POST /report}. Used by one thread at a time.
 */
final class TipClient {
  /** How the site answered one report. */
  enum Answer {
    ACCEPTED,
    PER_CLIENT_LIMIT,
    GLOBAL_LIMIT,
    OTHER
  }

  /**
   * One POST of the report form.
   *
   * @param receipt the receipt code when accepted, else empty
   * @param postMs send to last byte of the POST, in ms (-1 when it got no answer)
   * @param postNanos when the POST was sent ({@link System#nanoTime()}; 0 when it was not)
   * @param detail for {@link Answer#OTHER}: the status and what the page said
   */
  record Attempt(
      Answer answer, String url, String receipt, double postMs, long postNanos, String detail) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI base;
  private final String addressHeader;
  private final String address;
  private final int perClientLimit;
  private final ProofOfWork pow = new ProofOfWork();
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private int accepted;

  /**
   * @param perClientLimit the site's per-client limit: a 429 to a client with fewer accepted tips
   *     is the global limit's
   */
  TipClient(HttpClient http, URI base, String addressHeader, String address, int perClientLimit) {
    this.http = http;
    this.base = base;
    this.addressHeader = addressHeader;
    this.address = address;
    this.perClientLimit = perClientLimit;
  }

  String address() {
    return address;
  }

  /** Reports {@code url} as a browser with JavaScript would. */
  Attempt report(String url, String category, String description) {
    Map<String, List<String>> form;
    try {
      HttpResponse<String> page = send(HttpRequest.newBuilder(base.resolve("/")).GET());
      if (page.statusCode() != 200) {
        return other(url, page.statusCode() + " on GET /: " + text(page.body()));
      }
      form = fill(Jsoup.parse(page.body(), base.toString()), url, category, description);
    } catch (IOException | RuntimeException e) {
      return other(url, "GET /: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return other(url, "interrupted");
    }
    long start = System.nanoTime();
    HttpResponse<String> r;
    try {
      r =
          send(
              HttpRequest.newBuilder(base.resolve("/report"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    } catch (IOException e) {
      return other(url, "POST /report: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return other(url, "interrupted");
    }
    double ms = (System.nanoTime() - start) / 1e6;
    Document answer = Jsoup.parse(r.body());
    if (r.statusCode() == 200) {
      Element receipt = answer.getElementById("receipt");
      if (receipt != null && !receipt.text().isBlank()) {
        accepted++;
        return new Attempt(Answer.ACCEPTED, url, receipt.text().strip(), ms, start, "");
      }
      return new Attempt(
          Answer.OTHER, url, "", ms, start, "200 without #receipt: " + text(r.body()));
    }
    if (r.statusCode() == 429) {
      Answer limit = accepted >= perClientLimit ? Answer.PER_CLIENT_LIMIT : Answer.GLOBAL_LIMIT;
      String detail =
          answer.getElementById("rate-limited") == null ? "429 without #rate-limited" : "";
      return new Attempt(detail.isEmpty() ? limit : Answer.OTHER, url, "", ms, start, detail);
    }
    Element errors = answer.getElementById("form-errors");
    return new Attempt(
        Answer.OTHER,
        url,
        "",
        ms,
        start,
        r.statusCode() + ": " + (errors != null ? errors.text() : text(r.body())));
  }

  private Attempt other(String url, String detail) {
    return new Attempt(Answer.OTHER, url, "", -1, 0, detail);
  }

  /**
   * The form's own fields (hidden ones included) with the report filled in: the first {@code url}
   * input gets the URL, the others stay blank; the proof of work goes into {@code pow}.
   */
  private Map<String, List<String>> fill(
      Document page, String url, String category, String description) {
    Element found = page.getElementById("report-form");
    if (!(found instanceof FormElement form)) {
      throw new IllegalStateException("no #report-form on the page");
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (var kv : form.formData()) {
      fields.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
    }
    String challenge = form.select("input[name=challenge]").val();
    if (challenge.isEmpty()) {
      throw new IllegalStateException("the form has no challenge");
    }
    int bits = Integer.parseInt(form.attr("data-pow-bits").strip());
    List<String> urls = new ArrayList<>();
    urls.add(url);
    int inputs = form.select("[name=url]").size();
    for (int i = 1; i < inputs; i++) {
      urls.add("");
    }
    fields.put("url", urls);
    fields.put("category", List.of(category));
    fields.put("description", List.of(description));
    fields.put("contact", List.of(""));
    fields.put("homepage", List.of(""));
    fields.put("answer", List.of(""));
    fields.put("pow", List.of(Long.toString(pow.solve(challenge, bits))));
    return fields;
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    request.timeout(TIMEOUT).header(addressHeader, address);
    if (!cookies.isEmpty()) {
      request.header(
          "Cookie",
          String.join(
              "; ",
              cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    HttpResponse<String> r =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    for (String c : r.headers().allValues("Set-Cookie")) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      if (eq > 0) {
        cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return r;
  }

  private static String encode(Map<String, List<String>> fields) {
    List<String> pairs = new ArrayList<>();
    fields.forEach(
        (name, values) -> {
          for (String v : values) {
            pairs.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return String.join("&", pairs);
  }

  private static String text(String html) {
    String t = Jsoup.parse(html).text();
    return t.length() > 160 ? t.substring(0, 160) + "..." : t;
  }
}
