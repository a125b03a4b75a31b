package org.sitewatch.sink.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The two ways the sink's stores use a connection: a read-write transaction that commits when the
 * work returns and rolls back when it throws, and a read-only repeatable-read snapshot, so that
 * figures read in several queries agree. A database error becomes a {@link LeadStoreException}
 * with the given message.
 */
public final class Transactions {
  private Transactions() {}

  /** Work on one connection. */
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  public static <T> T inTransaction(DataSource dataSource, String failure, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new LeadStoreException(failure, e);
    }
  }

  public static <T> T inSnapshot(DataSource dataSource, String failure, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        return work.run(c);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new LeadStoreException(failure, e);
    }
  }
}
