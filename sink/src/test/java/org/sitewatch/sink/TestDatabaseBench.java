package org.sitewatch.sink;

import com.sun.management.OperatingSystemMXBean;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;

/**
 * What PostgreSQL costs the tests: one embedded server's start, and one test's database made the
 * old way (CREATE DATABASE, then the Flyway migrations) against the {@link TestDatabase} way (a
 * copy of a template migrated once), for the plain schema and the role set-up. Prints wall time,
 * this JVM's CPU and the PostgreSQL processes' CPU per item; the kinds alternate in each round.
 *
 * <pre>
 * java -cp ... org.sitewatch.sink.TestDatabaseBench [rounds] [server starts]
 * </pre>
 */
public final class TestDatabaseBench {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100

  private TestDatabaseBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int starts = args.length > 1 ? Integer.parseInt(args[1]) : 3;

    Figures start = new Figures();
    for (int i = 0; i < starts; i++) {
      long wall = System.nanoTime();
      long jvm = OS.getProcessCpuTime();
      long children = ticks(Path.of("/proc/self/stat"), 15, 16) * TICK_NANOS;
      try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
        long w = System.nanoTime() - wall;
        long j = OS.getProcessCpuTime() - jvm;
        long tools = ticks(Path.of("/proc/self/stat"), 15, 16) * TICK_NANOS - children;
        long server = postmasterCpu(pg.getPostgresDatabase());
        start.add(w, j, tools + server);
      }
    }
    System.out.printf("%-44s %s%n", "server start (initdb + pg_ctl start)", start);

    Map<String, Figures> kinds = new LinkedHashMap<>();
    for (String kind :
        new String[] {
          "old: CREATE DATABASE + migrate",
          "new: copy of the plain template",
          "old: CREATE DATABASE + migrate with roles",
          "new: copy of the roles template",
          "drop one database (close)"
        }) {
      kinds.put(kind, new Figures());
    }
    try (TestDatabase shared = TestDatabase.start()) {
      long wall = System.nanoTime();
      shared.migratedDatabase();
      shared.roleDatabases();
      System.out.printf(
          "%-44s %.0f ms wall%n",
          "both templates made (once per JVM)", (System.nanoTime() - wall) / 1e6);
      DataSource probe = shared.emptyDatabase();
      for (int r = 0; r < rounds; r++) {
        try (TestDatabase db = TestDatabase.start()) {
          measure(kinds.get("old: CREATE DATABASE + migrate"), probe, () -> migrate(db, false));
          measure(kinds.get("new: copy of the plain template"), probe, db::migratedDatabase);
          measure(
              kinds.get("old: CREATE DATABASE + migrate with roles"),
              probe,
              () -> migrate(db, true));
          measure(kinds.get("new: copy of the roles template"), probe, db::roleDatabases);
          measure(kinds.get("drop one database (close)"), probe, db::close);
        }
      }
    }
    kinds.forEach((kind, f) -> System.out.printf("%-44s %s%n", kind, f));
  }

  private static void migrate(TestDatabase db, boolean roles) {
    DataSource ds = db.emptyDatabase();
    if (roles) {
      Migrations.migrate(ds, DatabaseRoles.DEFAULTS, true);
    } else {
      Migrations.migrate(ds);
    }
  }

  /** Runs {@code work} once and adds its wall, JVM CPU and PostgreSQL CPU to {@code figures}. */
  private static void measure(Figures figures, DataSource server, Runnable work) throws Exception {
    long pg = postmasterCpu(server);
    long jvm = OS.getProcessCpuTime();
    long wall = System.nanoTime();
    work.run();
    long w = System.nanoTime() - wall;
    long j = OS.getProcessCpuTime() - jvm;
    figures.add(w, j, postmasterCpu(server) - pg);
  }

  /**
   * CPU of the postmaster and of the backends it has reaped (the connections closed so far), in
   * nanoseconds; the probe's own connection is one more backend, the same for every item.
   */
  private static long postmasterCpu(DataSource server) throws Exception {
    try (Connection c = server.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      String stat = Files.readString(Path.of("/proc/" + rs.getInt(1) + "/stat"));
      String ppid = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
      return ticks(Path.of("/proc/" + ppid + "/stat"), 13, 14, 15, 16) * TICK_NANOS;
    }
  }

  /** The sum of the given 0-based fields of a /proc stat file (counted from the pid). */
  private static long ticks(Path stat, int... fields) throws Exception {
    String s = Files.readString(stat);
    // fields after the command name, which may hold spaces: field 2 is the state
    String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
    long sum = 0;
    for (int f : fields) {
      sum += Long.parseLong(rest[f - 2]);
    }
    return sum;
  }

  private static final class Figures {
    private int n;
    private long wall;
    private long jvm;
    private long pg;

    void add(long wallNanos, long jvmNanos, long pgNanos) {
      n++;
      wall += wallNanos;
      jvm += jvmNanos;
      pg += pgNanos;
    }

    @Override
    public String toString() {
      return String.format(
          "n=%2d  wall %7.1f ms  JVM CPU %6.1f ms  PostgreSQL CPU %6.1f ms  (per item)",
          n, wall / 1e6 / n, jvm / 1e6 / n, pg / 1e6 / n);
    }
  }
}
