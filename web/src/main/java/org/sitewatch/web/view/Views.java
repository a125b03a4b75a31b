package org.sitewatch.web.view;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the precompiled jte templates ({@code web/src/main/jte}, compiled by the build): HTML
 * output escapes every {@code ${...}} by default, so text from crawled pages is shown, never run.
 */
public final class Views {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** Renders {@code template} (e.g. {@code "queue.jte"}) with its parameters as the response. */
  public void render(Context ctx, String template, Map<String, Object> params) {
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(render(template, params));
  }

  public String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template, params, out);
    return out.toString();
  }
}
