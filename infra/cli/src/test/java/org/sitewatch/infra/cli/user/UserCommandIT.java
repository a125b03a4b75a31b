package org.sitewatch.infra.cli.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.LoginResult;

/**
 * {@code sitewatch user ...} through the real entry point on a real PostgreSQL, as the analyst role
 * (the role that keeps the accounts on a deployment).
 */
class UserCommandIT {
  private static TestDatabase databases;
  private static Database db;
  private static Accounts accounts;

  @BeforeAll
  static void database() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
    accounts = new Accounts(db.dataSource(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
  }

  @Test
  void addsAnAnalystWithAPasswordFromStdinAndATokenOnTheLastLine() throws Exception {
    Result add =
        run(
            "correct horse 1\n",
            "user",
            "add",
            "ana",
            "--role",
            "analyst",
            "--bureau",
            "110000",
            "310000",
            "--password-stdin",
            "--token");
    assertThat(add.code).as(add.err).isZero();
    List<String> lines = add.out.lines().toList();
    String token = lines.get(lines.size() - 1);
    assertThat(token).startsWith("swt_");
    assertThat(accounts.byToken(token)).map(v -> v.name()).contains("ana");
    assertThat(accounts.login("ana", "correct horse 1".toCharArray()))
        .isInstanceOf(LoginResult.SignedIn.class);
    assertThat(accounts.find("ana").orElseThrow().bureaus()).containsOnly("110000", "310000");
    assertThat(actors("ana")).containsOnly("cli:" + System.getProperty("user.name"));
  }

  @Test
  void withoutStdinTheAccountHasNoPasswordUntilAResetPrintsOne() throws Exception {
    Result add = run("", "user", "add", "olga", "--role", "auditor");
    assertThat(add.code).as(add.err).isZero();
    assertThat(add.out).contains("no password").contains("reset-password olga");
    assertThat(accounts.login("olga", "".toCharArray()))
        .isNotInstanceOf(LoginResult.SignedIn.class);
    assertThat(run("", "user", "list").out)
        .containsPattern("olga\\s+auditor\\s+\\(all\\)\\s+no\\s+no\\s+no");

    Result reset = run("", "user", "reset-password", "olga");
    assertThat(reset.code).as(reset.err).isZero();
    List<String> lines = reset.out.lines().toList();
    String generated = lines.get(lines.size() - 1);
    assertThat(generated).hasSize(GeneratedPassword.LENGTH);
    assertThat(accounts.login("olga", generated.toCharArray()))
        .isInstanceOf(LoginResult.SignedIn.class);

    Result chosen = run("another horse 2\n", "user", "reset-password", "olga", "--password-stdin");
    assertThat(chosen.code).as(chosen.err).isZero();
    assertThat(chosen.out).doesNotContain("another horse");
    assertThat(accounts.login("olga", "another horse 2".toCharArray()))
        .isInstanceOf(LoginResult.SignedIn.class);
  }

  @Test
  void listShowsRoleBureausAndWhetherDisabledOrLocked() throws Exception {
    assertThat(
            run(
                    "pass word 123\n",
                    "user",
                    "add",
                    "sam",
                    "--role",
                    "supervisor",
                    "--bureau",
                    "440000",
                    "--password-stdin")
                .code)
        .isZero();
    assertThat(
            run(
                    "pass word 123\n",
                    "user",
                    "add",
                    "lou",
                    "--role",
                    "analyst",
                    "--bureau",
                    "510000",
                    "--password-stdin")
                .code)
        .isZero();
    for (int i = 0; i < Accounts.MAX_FAILURES; i++) {
      accounts.login("lou", "wrong guess".toCharArray());
    }
    Result disable = run("", "user", "disable", "sam");
    assertThat(disable.code).as(disable.err).isZero();

    Result list = run("", "user", "list");
    assertThat(list.code).isZero();
    assertThat(list.out)
        .containsPattern("sam\\s+supervisor\\s+440000\\s+yes\\s+yes\\s+no")
        .containsPattern("lou\\s+analyst\\s+510000\\s+yes\\s+no\\s+until 20");
    assertThat(accounts.login("sam", "pass word 123".toCharArray()))
        .isNotInstanceOf(LoginResult.SignedIn.class);
  }

  @Test
  void badInputExitsTwoWithOneLine() throws Exception {
    assertThat(run("", "user", "add", "kim", "--role", "auditor").code).isZero();
    assertRefused(run("", "user", "add", "x1", "--role", "chief"), "unknown role 'chief'");
    assertRefused(
        run("", "user", "add", "x2", "--role", "analyst", "--bureau", "11000"),
        "six-digit region code");
    assertRefused(run("", "user", "add", "x3", "--role", "analyst"), "at least one --bureau");
    assertRefused(
        run("", "user", "add", "kim", "--role", "admin"), "an account named 'kim' exists");
    assertRefused(run("", "user", "add", "Bad Name", "--role", "admin"), "account name");
    assertRefused(
        run("short\n", "user", "add", "x4", "--role", "admin", "--password-stdin"),
        "at least 8 characters");
    assertRefused(
        run("", "user", "add", "x5", "--role", "admin", "--password-stdin"),
        "no password on standard input");
    assertRefused(run("", "user", "disable", "nobody"), "no account named 'nobody'");
    assertRefused(run("", "user", "reset-password", "nobody"), "no account named 'nobody'");
    assertThat(accounts.find("x4")).isEmpty();
  }

  private static void assertRefused(Result r, String message) {
    assertThat(r.code).as(r.out + r.err).isEqualTo(2);
    assertThat(r.err).contains(message);
    assertThat(r.err.strip().lines()).hasSize(1);
  }

  private static List<String> actors(String account) throws Exception {
    List<String> actors = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT actor FROM workbench_account_log WHERE account = '"
                    + account
                    + "'")) {
      while (rs.next()) {
        actors.add(rs.getString(1));
      }
    }
    return actors;
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--jdbc-url",
            db.jdbcUrl(),
            "--set",
            "db.username=" + DatabaseRoles.DEFAULTS.analyst()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(
            all.toArray(String[]::new),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
