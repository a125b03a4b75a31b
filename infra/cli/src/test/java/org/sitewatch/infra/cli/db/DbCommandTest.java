package org.sitewatch.infra.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.sitewatch.infra.cli.SitewatchCommand;

/** {@code sitewatch db} on a URL no connection pool can be made for: no database is reached. */
class DbCommandTest {

  @Test
  void migrateOnAUrlTheDriverRefusesSaysSoInOneLineNamedByTheFullCommand() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(
            new String[] {
              "db", "migrate", "--jdbc-url", "jdbc:postgresql://db:no-port/leads?password=s3cret"
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith(
            "sitewatch db migrate: db.jdbc-url: cannot make a connection pool for"
                + " jdbc:postgresql://db:no-port/leads?password=***: ")
        .doesNotContain("s3cret");
    assertThat(out.toString()).isEmpty();
  }
}
