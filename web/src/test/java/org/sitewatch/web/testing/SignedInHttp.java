package org.sitewatch.web.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A signed-in session over plain HTTP (no browser): signs in through the form, keeps the session
 * cookie, reads the CSRF token from a page and sends it with every form post. Redirects are not
 * followed, so a test sees them.
 */
public final class SignedInHttp {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]*)\"");

  private final Workbench workbench;
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String cookie;
  private final String csrf;

  private SignedInHttp(Workbench workbench, String name) {
    this.workbench = workbench;
    HttpResponse<String> login =
        send(
            HttpRequest.newBuilder(URI.create(workbench.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(Map.of("username", name, "password", Workbench.PASSWORD)))));
    this.cookie =
        login
            .headers()
            .firstValue("Set-Cookie")
            .map(c -> c.substring(0, c.indexOf(';')))
            .orElseThrow(() -> new IllegalStateException("sign-in of " + name + " failed"));
    Matcher m = CSRF.matcher(get("/queue").body());
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on the queue page");
    }
    this.csrf = m.group(1);
  }

  /** Signs {@code name} in with {@link Workbench#PASSWORD}. */
  public static SignedInHttp signIn(Workbench workbench, String name) {
    return new SignedInHttp(workbench, name);
  }

  public HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(workbench.url(path)))
            .header("Cookie", cookie)
            .header("Accept-Language", "en")
            .GET());
  }

  /** A form post with the session's CSRF token. */
  public HttpResponse<String> post(String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", csrf);
    return send(
        HttpRequest.newBuilder(URI.create(workbench.url(path)))
            .header("Cookie", cookie)
            .header("Accept-Language", "en")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(all))));
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
