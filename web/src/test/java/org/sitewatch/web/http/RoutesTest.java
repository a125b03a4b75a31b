package org.sitewatch.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sitewatch.web.account.Accounts;

class RoutesTest {
  @Test
  void recordsTheApiRoutesItRegistersAndOnlyThose() {
    DataSource unused =
        (DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException("no database in this test");
                });
    List<String> recorded = new ArrayList<>();
    Javalin.create(
        config -> {
          Routes routes =
              new Routes(
                  config.routes,
                  new Sessions(Clock.systemUTC(), Duration.ofMinutes(1)),
                  new Accounts(unused, Clock.systemUTC()),
                  false);
          routes.page("/queue", Routes.SIGNED_IN, ctx -> {});
          routes.action("/logout", Routes.SIGNED_IN, ctx -> {});
          routes.openGet("/api/openapi.json", ctx -> {});
          routes.apiGet("/api/leads/{id}", Routes.SIGNED_IN, ctx -> {});
          routes.apiPost("/api/leads/{id}/actions", Routes.SIGNED_IN, ctx -> {});
          recorded.addAll(routes.apiRoutes());
        });
    assertThat(recorded).containsExactly("GET /api/leads/{id}", "POST /api/leads/{id}/actions");
  }
}
