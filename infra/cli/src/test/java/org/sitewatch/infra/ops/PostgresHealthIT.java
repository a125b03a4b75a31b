package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;

/** The database readiness check against a real PostgreSQL and the stage's real pool. */
class PostgresHealthIT {
  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void startDatabase() {
    databases = TestDatabase.start();
    db = Database.external(databases.emptyDatabaseUrl(), "postgres", "");
  }

  @AfterAll
  static void stopDatabase() {
    db.close();
    databases.close();
  }

  @Test
  void aStagePoolBusyWithEveryConnectionStillReadsAsUp() throws SQLException {
    DataSource stagePool = db.dataSource();
    List<Connection> held = new ArrayList<>();
    try (PostgresHealth health = new PostgresHealth("test", stagePool)) {
      try {
        // take the stage pool's every connection, as a stage saturated with work does
        while (held.size() < 4) {
          held.add(stagePool.getConnection());
        }
        assertThat(health.check().problem().get()).isEmpty();
      } finally {
        for (Connection c : held) {
          c.close();
        }
      }
    }
  }

  @Test
  void aDatabaseThatRefusesTheLoginReadsAsDown() {
    PGSimpleDataSource refused = new PGSimpleDataSource(); // not a pool: asked directly
    refused.setUrl(db.jdbcUrl());
    refused.setUser("no_such_role");
    try (PostgresHealth health = new PostgresHealth("test", refused)) {
      assertThat(health.check().problem().get()).get().asString().contains("no_such_role");
    }
  }
}
