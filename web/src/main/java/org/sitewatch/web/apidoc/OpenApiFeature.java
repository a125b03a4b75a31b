package org.sitewatch.web.apidoc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.sitewatch.web.Feature;
import org.sitewatch.web.http.Routes;

/**
 * Serves the OpenAPI 3.0 document of the {@code /api/} routes, {@code web/openapi.json}, as it is
 * in the jar. It is an open route: it holds no lead, no account and no secret, only what the source
 * and the docs already say, and integrators' tools (code generators, API consoles) fetch it before
 * they have a token. A test checks that every route registered with {@link Routes#apiGet} or {@link
 * Routes#apiPost} is described in it.
 */
public final class OpenApiFeature implements Feature {
  public static final String PATH = "/api/openapi.json";
  static final String RESOURCE = "/web/openapi.json";

  private final byte[] document;

  public OpenApiFeature() {
    this.document = read();
  }

  @Override
  public void register(Routes routes) {
    routes.openGet(
        PATH,
        ctx -> {
          ctx.contentType("application/json; charset=utf-8");
          ctx.result(document);
        });
  }

  /** The document, as served. */
  public static byte[] read() {
    try (InputStream in =
        Objects.requireNonNull(
            OpenApiFeature.class.getResourceAsStream(RESOURCE), RESOURCE + " is missing")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
