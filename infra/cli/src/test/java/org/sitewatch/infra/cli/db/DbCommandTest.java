package org.sitewatch.infra.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.infra.cli.SitewatchCommand;

/** {@code sitewatch db} on a URL no connection pool can be made for: no database is reached. */
class DbCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {"migrate", "backup", "restore"})
  void aUrlTheDriverRefusesIsOneLineNamedByTheFullCommand(String command, @TempDir Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args =
        new ArrayList<>(
            List.of(
                "db", command, "--jdbc-url", "jdbc:postgresql://db:no-port/leads?password=s3cret"));
    if (!command.equals("migrate")) {
      args.add(dir.resolve("backup").toString());
    }
    int code =
        SitewatchCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith(
            "sitewatch db "
                + command
                + ": db.jdbc-url: cannot make a connection pool for"
                + " jdbc:postgresql://db:no-port/leads?password=***: ")
        .doesNotContain("s3cret");
    assertThat(out.toString()).isEmpty();
  }
}
