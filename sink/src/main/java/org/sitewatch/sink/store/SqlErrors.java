package org.sitewatch.sink.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells database failures worth retrying (the database is away or asked us to try again) from
 * failures caused by the data of one verdict, which retrying would only repeat.
 */
public final class SqlErrors {
  private SqlErrors() {}

  public static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && isTransientOne(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTransientOne(SQLException e) {
    if (e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || e instanceof SQLNonTransientConnectionException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return false;
    }
    return state.startsWith("08") // connection exception
        || state.startsWith("40") // serialization failure, deadlock: retry the transaction
        || state.startsWith("53") // insufficient resources: disk full, too many connections
        || state.startsWith("57P") // server shutting down, restarting, cannot connect now
        || state.startsWith("58") // system error: I/O error on the server
        || state.equals("55P03") // lock not available
        || state.equals("25P03"); // idle-in-transaction timeout closed the session
  }
}
