package org.sitewatch.sink.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorsTest {
  @ParameterizedTest(name = "{0} ({2}) transient={1}")
  @CsvSource({
    "08001, true,  cannot connect",
    "08006, true,  connection failure (I/O error)",
    "08003, true,  connection closed",
    "57P01, true,  server shutting down",
    "57P03, true,  server starting up",
    "53300, true,  too many connections",
    "40001, true,  serialization failure",
    "40P01, true,  deadlock",
    "58030, true,  server I/O error",
    "23505, false, unique violation",
    "23514, false, check violation",
    "22021, false, invalid byte sequence (NUL in text)",
    "22P02, false, invalid text representation",
    "42P01, false, undefined table",
    "57014, false, statement cancelled",
  })
  void classifiesBySqlState(String state, boolean transientFailure, String meaning) {
    assertThat(SqlErrors.isTransient(new SQLException(meaning, state))).isEqualTo(transientFailure);
  }

  @Test
  void poolTimeoutWithoutStateIsTransient() {
    assertThat(SqlErrors.isTransient(new SQLTransientConnectionException("pool timed out")))
        .isTrue();
  }

  @Test
  void unknownFailureWithoutStateIsNotTransient() {
    assertThat(SqlErrors.isTransient(new SQLException("odd"))).isFalse();
  }

  @Test
  void looksAtTheCauseChain() {
    SQLException wrapped =
        new SQLException("batch failed", "XX000", new SQLException("I/O error", "08006"));
    assertThat(SqlErrors.isTransient(wrapped)).isTrue();
  }
}
