package org.sitewatch.web.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sitewatch.web.http.Sessions;

/**
 * Plain HTTP against a workbench, as a browser without JavaScript would talk to it: it never
 * follows redirects (tests look at them), keeps the session cookie it was given, and reads the CSRF
 * token from a page.
 */
public final class WebClient {
  private static final Pattern CSRF_META =
      Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Workbench workbench;
  private String session;

  /** A response, with its body as text. */
  public record Response(int status, HttpHeaders headers, String body) {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    public String location() {
      return header("Location").orElse("");
    }

    /** The {@code Set-Cookie} header of the session cookie, if the response sets one. */
    public Optional<String> sessionCookie() {
      return headers.allValues("Set-Cookie").stream()
          .filter(c -> c.startsWith(Sessions.COOKIE + "="))
          .findFirst();
    }
  }

  public WebClient(Workbench workbench) {
    this.workbench = workbench;
  }

  /** The session id this client sends (null: none). */
  public String session() {
    return session;
  }

  /** Sends {@code id} as the session cookie from now on (null: none). */
  public void session(String id) {
    this.session = id;
  }

  public Response get(String path) {
    return send(request(path).GET(), Map.of());
  }

  public Response get(String path, Map<String, String> headers) {
    return send(request(path).GET(), headers);
  }

  /** A form post ({@code application/x-www-form-urlencoded}). */
  public Response post(String path, Map<String, String> form) {
    return post(path, form, Map.of());
  }

  public Response post(String path, Map<String, String> form, Map<String, String> headers) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(b, headers);
  }

  /** Posts the sign-in form; keeps the new session on success. */
  public Response signIn(String name, String password) {
    return post("/login", Map.of("username", name, "password", password));
  }

  public Response signIn(String name) {
    Response r = signIn(name, Workbench.PASSWORD);
    if (r.status() != 303) {
      throw new IllegalStateException(name + " could not sign in: " + r.status());
    }
    return r;
  }

  /** The CSRF token of the current session, read from a page as a form would. */
  public String csrfToken() {
    Response r = get("/queue");
    Matcher m = CSRF_META.matcher(r.body());
    if (r.status() != 200 || !m.find() || m.group(1).isEmpty()) {
      throw new IllegalStateException("no CSRF token on /queue: " + r.status());
    }
    return m.group(1);
  }

  /** A form with the session's CSRF token and these fields. */
  public Map<String, String> form(String... keyValues) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("_csrf", csrfToken());
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      form.put(keyValues[i], keyValues[i + 1]);
    }
    return form;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(workbench.url(path)))
            .timeout(Duration.ofSeconds(20))
            .header("Accept-Language", "en");
    if (session != null) {
      b.header("Cookie", Sessions.COOKIE + "=" + session);
    }
    return b;
  }

  private Response send(HttpRequest.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Response response = new Response(r.statusCode(), r.headers(), r.body());
      response
          .sessionCookie()
          .ifPresent(
              c -> {
                String value = c.substring(Sessions.COOKIE.length() + 1, c.indexOf(';'));
                session = value.isEmpty() ? null : value;
              });
      return response;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
