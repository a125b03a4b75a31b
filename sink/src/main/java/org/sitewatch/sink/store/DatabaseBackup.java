package org.sitewatch.sink.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A logical backup of the lead database with the JDBC driver's {@code COPY}, for when {@code
 * pg_dump} of the server's major version is not at hand (the embedded binaries have none).
 *
 * <p>{@link #backup} copies every table of schema {@code public} but Flyway's history, in one
 * read-only {@code REPEATABLE READ} transaction (one consistent snapshot while the sink keeps
 * writing), each to {@code TABLE.copy} (PostgreSQL's text COPY format, stored generated columns
 * left out: they are recomputed), and writes {@code manifest.tsv}: the schema version, then per
 * table its rows, the SHA-256 of its file and its columns.
 *
 * <p>{@link #restore} loads such a folder into a <em>freshly migrated</em> database of the same
 * schema version, with every table empty (else it refuses): the files' hashes are checked first,
 * tables are loaded parents before children (foreign keys stay on), all in one transaction, then
 * every identity and serial sequence is moved past the largest restored id, and row counts are
 * compared with the manifest. The append-only triggers (custody, history, logs) refuse updates,
 * deletes and truncation, not inserts, so they stay on and guard the restored rows as before;
 * {@code COPY FROM} keeps the ids of identity columns as given, so custody chains and references
 * survive unchanged. Roles and grants come from {@code sitewatch db migrate}, not from the backup.
 */
public final class DatabaseBackup {
  /** The manifest file in a backup folder. */
  public static final String MANIFEST = "manifest.tsv";

  private static final String FORMAT = "sitewatch-db-backup/1";
  private static final String FLYWAY = "flyway_schema_history";

  private DatabaseBackup() {}

  /** One table in a backup. */
  public record Table(String name, long rows, String sha256, List<String> columns) {
    public Table {
      columns = List.copyOf(columns);
    }
  }

  /** What a backup holds: the schema version it was taken at and its tables in load order. */
  public record Manifest(String schemaVersion, List<Table> tables) {
    public Manifest {
      tables = List.copyOf(tables);
    }

    public long rows(String table) {
      return tables.stream().filter(t -> t.name().equals(table)).mapToLong(Table::rows).sum();
    }
  }

  /**
   * Writes a backup of the database into {@code dir} (created; must be empty or absent).
   *
   * @throws IOException if the folder cannot be written or is not empty
   * @throws SQLException if the database fails
   */
  public static Manifest backup(DataSource db, Path dir) throws IOException, SQLException {
    Files.createDirectories(dir);
    try (var files = Files.list(dir)) {
      if (files.findAny().isPresent()) {
        throw new IOException("backup folder " + dir + " is not empty");
      }
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        String version = schemaVersion(c);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        List<Table> tables = new ArrayList<>();
        for (String table : loadOrder(c)) {
          List<String> columns = columns(c, table);
          MessageDigest sha = sha256();
          long rows;
          try (OutputStream out =
              new DigestOutputStream(
                  Files.newOutputStream(
                      dir.resolve(table + ".copy"), StandardOpenOption.CREATE_NEW),
                  sha)) {
            rows =
                copy.copyOut(
                    "COPY (SELECT "
                        + String.join(", ", quoted(columns))
                        + " FROM "
                        + quote(table)
                        + " ORDER BY 1) TO STDOUT",
                    out);
          }
          tables.add(new Table(table, rows, HexFormat.of().formatHex(sha.digest()), columns));
        }
        c.commit();
        Manifest manifest = new Manifest(version, tables);
        Files.writeString(
            dir.resolve(MANIFEST),
            render(manifest),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW);
        return manifest;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Loads the backup in {@code dir} into {@code db}, which must be freshly migrated to the backup's
   * schema version with every table empty.
   *
   * @throws IOException if the backup is incomplete or altered (a file's hash differs)
   * @throws IllegalStateException if the database is not fresh or not at the backup's version
   * @throws SQLException if the database fails (nothing is restored then)
   */
  public static Manifest restore(DataSource db, Path dir) throws IOException, SQLException {
    Manifest manifest = read(dir.resolve(MANIFEST));
    for (Table t : manifest.tables()) {
      String actual = sha256Of(dir.resolve(t.name() + ".copy"));
      if (!actual.equals(t.sha256())) {
        throw new IOException(
            "backup file "
                + t.name()
                + ".copy was altered: SHA-256 "
                + actual
                + ", manifest "
                + t.sha256());
      }
    }
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        String version = schemaVersion(c);
        if (!version.equals(manifest.schemaVersion())) {
          throw new IllegalStateException(
              "the database is at schema version "
                  + version
                  + ", the backup at "
                  + manifest.schemaVersion()
                  + ": migrate a fresh database with the same Sitewatch version first");
        }
        List<String> order = loadOrder(c);
        Set<String> inBackup = new LinkedHashSet<>();
        manifest.tables().forEach(t -> inBackup.add(t.name()));
        if (!inBackup.equals(new LinkedHashSet<>(order))) {
          throw new IllegalStateException(
              "the backup's tables " + inBackup + " differ from the database's " + order);
        }
        for (String table : order) {
          if (count(c, table) != 0) {
            throw new IllegalStateException(
                "table " + table + " is not empty: restore only into a freshly migrated database");
          }
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Map<String, Table> byName = new LinkedHashMap<>();
        manifest.tables().forEach(t -> byName.put(t.name(), t));
        for (String table : order) {
          Table t = byName.get(table);
          try (InputStream in = Files.newInputStream(dir.resolve(table + ".copy"))) {
            long rows =
                copy.copyIn(
                    "COPY "
                        + quote(table)
                        + " ("
                        + String.join(", ", quoted(t.columns()))
                        + ") FROM STDIN",
                    in);
            if (rows != t.rows()) {
              throw new IllegalStateException(
                  "table " + table + ": restored " + rows + " rows, the backup holds " + t.rows());
            }
          }
        }
        resetSequences(c);
        c.commit();
        return manifest;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Tables of schema public but Flyway's, parents (referenced by foreign keys) first. */
  private static List<String> loadOrder(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                    + " AND c.relname <> '"
                    + FLYWAY
                    + "' ORDER BY c.relname")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    tables.forEach(t -> parents.put(t, new LinkedHashSet<>()));
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT child.relname, parent.relname FROM pg_constraint k"
                    + " JOIN pg_class child ON child.oid = k.conrelid"
                    + " JOIN pg_class parent ON parent.oid = k.confrelid"
                    + " JOIN pg_namespace n ON n.oid = child.relnamespace"
                    + " WHERE k.contype = 'f' AND n.nspname = 'public'")) {
      while (rs.next()) {
        String child = rs.getString(1);
        String parent = rs.getString(2);
        if (!child.equals(parent) && parents.containsKey(child)) {
          parents.get(child).add(parent);
        }
      }
    }
    List<String> order = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    while (order.size() < tables.size()) {
      boolean progress = false;
      for (String t : tables) {
        if (!placed.contains(t) && placed.containsAll(parents.get(t))) {
          order.add(t);
          placed.add(t);
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("foreign keys form a cycle among " + tables);
      }
    }
    return order;
  }

  /** The table's columns in order, without stored generated ones (COPY cannot write those). */
  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT a.attname FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname = 'public' AND t.relname = ? AND a.attnum > 0"
                + " AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum")) {
      p.setString(1, table);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  /** Moves every identity and serial sequence of schema public past the largest id in its table. */
  private static void resetSequences(Connection c) throws SQLException {
    List<String[]> owned = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t.relname, a.attname, pg_get_serial_sequence(quote_ident(t.relname), a.attname)"
                    + " FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                    + " WHERE n.nspname = 'public' AND t.relkind = 'r' AND a.attnum > 0"
                    + " AND NOT a.attisdropped"
                    + " AND pg_get_serial_sequence(quote_ident(t.relname), a.attname) IS NOT NULL")) {
      while (rs.next()) {
        owned.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    for (String[] o : owned) {
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT setval(?::regclass, COALESCE((SELECT max("
                  + quote(o[1])
                  + ") FROM "
                  + quote(o[0])
                  + "), 0) + 1, false)")) {
        p.setString(1, o[2]);
        p.execute();
      }
    }
  }

  private static String schemaVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM "
                    + FLYWAY
                    + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("the database is not migrated (no Flyway history)");
      }
      return rs.getString(1);
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String render(Manifest m) {
    StringBuilder text = new StringBuilder();
    text.append("format\t").append(FORMAT).append('\n');
    text.append("schema_version\t").append(m.schemaVersion()).append('\n');
    for (Table t : m.tables()) {
      text.append("table\t")
          .append(t.name())
          .append('\t')
          .append(t.rows())
          .append('\t')
          .append(t.sha256())
          .append('\t')
          .append(String.join(",", t.columns()))
          .append('\n');
    }
    return text.toString();
  }

  /** Reads a backup's manifest. */
  public static Manifest read(Path manifest) throws IOException {
    String version = null;
    List<Table> tables = new ArrayList<>();
    boolean format = false;
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "format" -> format = f.length == 2 && f[1].equals(FORMAT);
        case "schema_version" -> version = f.length == 2 ? f[1] : null;
        case "table" -> {
          if (f.length != 5 || !f[1].matches("[a-z_][a-z0-9_]*")) {
            throw new IOException("bad manifest line in " + manifest + ": " + line);
          }
          tables.add(new Table(f[1], Long.parseLong(f[2]), f[3], List.of(f[4].split(","))));
        }
        case "" -> {}
        default -> throw new IOException("bad manifest line in " + manifest + ": " + line);
      }
    }
    if (!format || version == null) {
      throw new IOException(manifest + " is not a " + FORMAT + " manifest");
    }
    return new Manifest(version, tables);
  }

  private static List<String> quoted(List<String> names) {
    return names.stream().map(DatabaseBackup::quote).toList();
  }

  private static String quote(String identifier) {
    Objects.requireNonNull(identifier);
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("backup file " + file.getFileName() + " is missing", e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 is part of every JDK", e));
    }
  }
}
