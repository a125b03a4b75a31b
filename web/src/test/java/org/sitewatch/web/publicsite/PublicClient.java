package org.sitewatch.web.publicsite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plain HTTP against the public site, as a browser without JavaScript (or a script) talks to it:
 * reads the form's challenge and question, answers or works out the proof of work, posts forms with
 * repeated fields, and claims a client address through the trusted proxy header.
 */
final class PublicClient {
  static final String PROXY_HEADER = "X-Forwarded-For";
  private static final Pattern CHALLENGE = Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"");
  private static final Pattern QUESTION =
      Pattern.compile("id=\"challenge-question\">([^<]+)</label>");
  private static final Pattern BITS = Pattern.compile("data-pow-bits=\"(\\d+)\"");
  private static final List<String> EN_NUMBERS =
      List.of(
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
          "twenty");

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final String client;
  private final String lang;

  record Response(int status, HttpHeaders headers, String body) {
    Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  /** A form as served: its challenge token, question and work. */
  record Form(String challenge, String question, int bits) {}

  /**
   * @param client the address claimed through the proxy header (null: none)
   * @param lang the language cookie ({@code en}, {@code zh}) or null
   */
  PublicClient(URI base, String client, String lang) {
    this.base = base;
    this.client = client;
    this.lang = lang;
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Form form() {
    Response r = get("/");
    if (r.status() != 200) {
      throw new IllegalStateException("GET / answered " + r.status());
    }
    return form(r.body());
  }

  static Form form(String page) {
    Matcher c = CHALLENGE.matcher(page);
    Matcher q = QUESTION.matcher(page);
    Matcher b = BITS.matcher(page);
    if (!c.find() || !q.find() || !b.find()) {
      throw new IllegalStateException("no challenge in the page");
    }
    return new Form(c.group(1), q.group(1), Integer.parseInt(b.group(1)));
  }

  /** The answer to an English question ({@code What is seven plus four?}). */
  static int answer(String question) {
    String[] w = question.replace("?", "").split(" ");
    int a = EN_NUMBERS.indexOf(w[2]);
    int b = EN_NUMBERS.indexOf(w[4]);
    return w[3].equals("plus") ? a + b : a - b;
  }

  /** A nonce that does the form's proof of work. */
  static String work(Form f) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (long n = 0; ; n++) {
        byte[] h = sha.digest((f.challenge() + ":" + n).getBytes(StandardCharsets.UTF_8));
        if (Challenges.leadingZeroBits(h) >= f.bits()) {
          return Long.toString(n);
        }
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fields of a report with a fresh form's challenge and its proof of work. */
  List<Map.Entry<String, String>> report(String category, String... urls) {
    Form f = form();
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (String u : urls) {
      fields.add(Map.entry("url", u));
    }
    fields.add(Map.entry("category", category));
    fields.add(Map.entry("description", ""));
    fields.add(Map.entry("contact", ""));
    fields.add(Map.entry("homepage", ""));
    fields.add(Map.entry("challenge", f.challenge()));
    fields.add(Map.entry("pow", work(f)));
    fields.add(Map.entry("answer", ""));
    return fields;
  }

  /** {@code fields} with the value of {@code name} replaced (added if absent). */
  static List<Map.Entry<String, String>> with(
      List<Map.Entry<String, String>> fields, String name, String value) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    boolean done = false;
    for (Map.Entry<String, String> e : fields) {
      if (e.getKey().equals(name)) {
        if (!done) {
          out.add(Map.entry(name, value));
          done = true;
        }
      } else {
        out.add(e);
      }
    }
    if (!done) {
      out.add(Map.entry(name, value));
    }
    return out;
  }

  Response post(String path, List<Map.Entry<String, String>> fields) {
    String body =
        fields.stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response post(String path, HttpRequest.BodyPublisher body) {
    return send(
        request(path).header("Content-Type", "application/x-www-form-urlencoded").POST(body));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (client != null) {
      b.header(PROXY_HEADER, "198.51.100.1, " + client);
    }
    if (lang != null) {
      b.header("Cookie", TipSiteServer.LANG_COOKIE + "=" + lang);
    }
    return b;
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
