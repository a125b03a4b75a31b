package org.sitewatch.sink.store;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The sink's one way to the lead database: a {@link Jdbi} over the data source, set up for the
 * sink's columns (an {@link Instant} binds as {@code timestamptz} in UTC; {@code String[]} and
 * {@code Long[]} bind as {@code text[]} and {@code bigint[]}), and the three ways the stores use a
 * connection. Every SQL statement of the sink stays visible as text in the class that runs it and
 * binds by name ({@code :leadId}).
 *
 * <ul>
 *   <li>{@link #inTransaction}: read-write, at the connection's default isolation (PostgreSQL: READ
 *       COMMITTED); commits when the work returns, rolls back when it throws;
 *   <li>{@link #inSnapshot}: read-only, REPEATABLE READ, so that figures read by several queries
 *       agree;
 *   <li>{@link #withHandle}: single statements in autocommit.
 * </ul>
 *
 * <p>A database failure becomes a {@link LeadStoreException} with the given message (transient or
 * not, see {@link SqlErrors}); other exceptions of the work (e.g. a refused action) pass through
 * unchanged after the rollback. There is no automatic retry here: a transient failure (lost
 * connection, serialization failure, deadlock) is retried by the caller, e.g. the consumer loops
 * with backoff.
 */
public final class Database {
  private final Jdbi jdbi;

  private Database(DataSource dataSource) {
    this.jdbi = configure(Jdbi.create(Objects.requireNonNull(dataSource, "dataSource")));
  }

  /** Sets up a Jdbi for the sink's columns (times, arrays) and shared binders. */
  public static Jdbi configure(Jdbi jdbi) {
    jdbi.registerArgument(new InstantArgument());
    jdbi.registerArrayType(String.class, "text");
    jdbi.registerArrayType(Long.class, "bigint");
    // statements that share a binder (e.g. a verdict's evidence) may leave some names unused
    jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    return jdbi;
  }

  /** The lead database behind {@code dataSource} (migrated, see {@link Migrations}). */
  public static Database of(DataSource dataSource) {
    return new Database(dataSource);
  }

  /** Work on one handle; may throw what the work throws. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Handle h);
  }

  /** Runs {@code work} in a read-write transaction at the connection's default isolation. */
  public <T> T inTransaction(String failure, Work<T> work) {
    try {
      return jdbi.inTransaction(work::run);
    } catch (JdbiException e) {
      throw new LeadStoreException(failure, unwrap(e));
    }
  }

  /** Runs {@code work} in one read-only REPEATABLE READ snapshot, rolled back at the end. */
  public <T> T inSnapshot(String failure, Work<T> work) {
    try (Handle h = jdbi.open()) {
      h.setReadOnly(true);
      try {
        return h.inTransaction(
            TransactionIsolationLevel.REPEATABLE_READ,
            tx -> {
              T result = work.run(tx);
              tx.rollback();
              return result;
            });
      } finally {
        h.setReadOnly(false);
      }
    } catch (JdbiException e) {
      throw new LeadStoreException(failure, unwrap(e));
    }
  }

  /** Runs {@code work} on a handle in autocommit (single statements, reads). */
  public <T> T withHandle(String failure, Work<T> work) {
    try {
      return jdbi.withHandle(work::run);
    } catch (JdbiException e) {
      throw new LeadStoreException(failure, unwrap(e));
    }
  }

  /** One step of a batch: writes one item on the batch's handle. */
  @FunctionalInterface
  public interface Step<I, R> {
    R apply(Handle h, I item);
  }

  /**
   * Runs a batch in one READ COMMITTED transaction, item by item in {@code order}, each in its own
   * savepoint: an item whose data the database rejects (or whose step throws) is rolled back to its
   * savepoint and becomes {@code rejected.apply(item, failure)} while the others still apply. A
   * transient failure ({@link #isTransient}) aborts the whole batch. {@code last} runs after the
   * items, before the commit. Returns the results in input order.
   *
   * @throws SQLException if the database is unavailable, a failure was transient or the commit
   *     failed: then nothing of the batch was written and it may be retried as a whole
   */
  public <I, R> List<R> eachInSavepoint(
      List<I> items,
      Comparator<? super I> order,
      Step<I, R> step,
      BiFunction<I, Exception, R> rejected,
      Consumer<Handle> last)
      throws SQLException {
    List<Integer> sorted = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      sorted.add(i);
    }
    sorted.sort(Comparator.comparing(items::get, order));
    Object[] results = new Object[items.size()];
    try {
      jdbi.useTransaction(
          h -> {
            for (int i : sorted) {
              I item = items.get(i);
              String savepoint = "item" + i;
              h.savepoint(savepoint);
              try {
                results[i] = step.apply(h, item);
                h.releaseSavepoint(savepoint);
              } catch (RuntimeException e) {
                if (isTransient(e)) {
                  throw e;
                }
                h.rollbackToSavepoint(savepoint);
                results[i] = rejected.apply(item, unwrap(e));
              }
            }
            last.accept(h);
          });
    } catch (JdbiException e) {
      Exception cause = unwrap(e);
      throw cause instanceof SQLException sql ? sql : new SQLException(e.getMessage(), e);
    }
    @SuppressWarnings("unchecked")
    List<R> list = (List<R>) java.util.Arrays.asList(results);
    return java.util.Collections.unmodifiableList(list);
  }

  /**
   * The driver's exception behind a Jdbi one (messages then name the data, not the statement and
   * its arguments, and {@link SqlErrors} can judge it); other exceptions as they are.
   */
  public static Exception unwrap(RuntimeException e) {
    if (e instanceof JdbiException) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          return sql;
        }
      }
    }
    return e;
  }

  /** Binds an {@link Instant} as {@code timestamptz} at UTC, as the sink always stored times. */
  private static final class InstantArgument extends AbstractArgumentFactory<Instant> {
    InstantArgument() {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      return (position, statement, ctx) ->
          statement.setObject(
              position,
              OffsetDateTime.ofInstant(value, ZoneOffset.UTC),
              Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  /** Whether a failure is worth retrying: the database is away or asked to try again. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && SqlErrors.isTransient(sql)) {
        return true;
      }
    }
    return false;
  }
}
