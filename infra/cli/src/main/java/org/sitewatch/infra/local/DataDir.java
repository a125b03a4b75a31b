package org.sitewatch.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.sitewatch.infra.db.Database;

/**
 * A persistent local data folder ({@code --data-dir DIR}): the embedded Kafka broker's log in
 * {@code DIR/kafka}, the embedded PostgreSQL's data directory in {@code DIR/postgres}, the
 * PostgreSQL superuser's password in an owner-only file, all kept between runs. Opening one takes
 * an exclusive lock on {@code DIR/sitewatch.lock} that lasts until {@link #close}, so a second
 * Sitewatch process on the same folder is refused instead of corrupting it; a non-empty folder
 * without the {@link #MARKER} file is refused too (it is not a Sitewatch data folder).
 */
public final class DataDir implements AutoCloseable {
  /** Marks a folder as a Sitewatch data folder and names its layout version. */
  public static final String MARKER = "sitewatch-data-dir.properties";

  static final String LOCK = "sitewatch.lock";
  private static final String SUPERUSER_PASSWORD = "postgres-superuser.password";
  private static final String LAYOUT = "1";

  /**
   * Folders this process holds. File locks are per process (and closing any channel on the lock
   * file could drop them on Linux), so a second pipeline in this process is refused here, before
   * the lock file is opened again.
   */
  /** A folder that cannot be used as a data folder now; the message says why and what to do. */
  public static final class Refused extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String holder;

    Refused(String message) {
      this(message, null);
    }

    Refused(String message, String holder) {
      super(message);
      this.holder = holder;
    }

    /** Who holds the folder ("pid 123"), when that is why it was refused. */
    public Optional<String> holder() {
      return Optional.ofNullable(holder);
    }
  }

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDir(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating it if missing or empty) and locks a data folder.
   *
   * @throws Refused if another process, or another pipeline in this one, holds it, or if it is a
   *     non-empty folder that is not a Sitewatch data folder, or of another layout
   */
  public static DataDir open(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (Files.exists(abs) && !Files.isDirectory(abs)) {
        throw new Refused("--data-dir " + abs + " is a file, not a folder");
      }
      Files.createDirectories(abs);
      Path marker = abs.resolve(MARKER);
      if (!Files.exists(marker)) {
        try (Stream<Path> entries = Files.list(abs)) {
          if (entries.findAny().isPresent()) {
            throw new Refused(
                "--data-dir "
                    + abs
                    + " is not empty and is not a Sitewatch data folder (it has no "
                    + MARKER
                    + "): give a new or empty folder, or one an earlier --data-dir run created");
          }
        }
      } else {
        String layout = read(marker).getProperty("layout", "");
        if (!LAYOUT.equals(layout)) {
          throw new Refused(
              "--data-dir "
                  + abs
                  + " has data folder layout '"
                  + layout
                  + "', this Sitewatch reads layout "
                  + LAYOUT);
        }
      }
      if (!HELD.add(abs)) {
        throw inUse(abs, "this process");
      }
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                abs.resolve(LOCK),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
      } catch (IOException | RuntimeException e) {
        HELD.remove(abs);
        throw e;
      }
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readHolder(channel);
        channel.close();
        HELD.remove(abs);
        throw inUse(abs, holder.isEmpty() ? "another process" : holder);
      }
      DataDir held = new DataDir(abs, channel, lock);
      try {
        channel.truncate(0);
        channel.write(
            ByteBuffer.wrap(
                ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
            0);
        if (!Files.exists(marker)) {
          Files.writeString(
              marker,
              "# a Sitewatch data folder: embedded Kafka in kafka/, PostgreSQL in postgres/\n"
                  + "layout="
                  + LAYOUT
                  + "\n",
              StandardCharsets.UTF_8);
        }
      } catch (IOException | RuntimeException e) {
        held.close();
        throw e;
      }
      return held;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open --data-dir " + abs + ": " + e.getMessage(), e);
    }
  }

  private static Refused inUse(Path dir, String holder) {
    return new Refused(
        "--data-dir "
            + dir
            + " is in use by another Sitewatch ("
            + holder
            + "); stop it first, or, while it runs, read its leads with --config "
            + analystLogin(dir),
        holder);
  }

  /**
   * The file where a running pipeline on {@code dir} keeps its analyst login, for {@code --config}
   * while the folder is held.
   */
  public static Path analystLogin(Path dir) {
    return dir.toAbsolutePath().normalize().resolve(LocalLogin.FILE);
  }

  /** The folder (absolute). */
  public Path dir() {
    return dir;
  }

  /** The embedded Kafka broker's log directory. */
  public Path kafkaDir() {
    return dir.resolve("kafka");
  }

  /** The embedded PostgreSQL's data directory. */
  public Path postgresDir() {
    return dir.resolve("postgres");
  }

  /** Whether an earlier run created the database (so lead commands have something to read). */
  public boolean hasDatabase() {
    return Files.exists(postgresDir().resolve("PG_VERSION"))
        && Files.exists(dir.resolve(SUPERUSER_PASSWORD));
  }

  /**
   * Starts (or reopens) the folder's embedded PostgreSQL; its superuser password is generated on
   * first use and kept in an owner-only file of the folder.
   */
  public Database openDatabase() {
    return Database.persistent(postgresDir(), superuserPassword());
  }

  private String superuserPassword() {
    Path file = dir.resolve(SUPERUSER_PASSWORD);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      String password = Database.generatePassword();
      OwnerOnlyFile.create(file);
      Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private static String readHolder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(64);
      int n = channel.read(buf, 0);
      return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Writes how to log in as the analyst role to {@link #analystLogin(Path)} (owner-only), so that
   * other commands can reach the database with {@code --config} while this process holds the
   * folder.
   */
  public Path writeAnalystLogin(Database.Login login) {
    return LocalLogin.write(dir, login);
  }

  /** Releases the lock; every file stays. */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock of " + dir, e);
    } finally {
      HELD.remove(dir);
    }
  }
}
