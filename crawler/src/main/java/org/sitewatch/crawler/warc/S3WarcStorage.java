package org.sitewatch.crawler.warc;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.objectstore.S3Location;
import org.sitewatch.common.objectstore.S3Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WARC files on an S3-compatible object store. A file is written into a local spool folder as
 * {@code NAME.part}, renamed to {@code NAME} when closed (a WARC file never changes once closed),
 * and then uploaded whole by one background thread ({@code warc-upload}), so the crawl never waits
 * for the store. The local copy is deleted only after the upload is verified ({@link
 * S3Store#upload}: Content-MD5, then size and SHA-256 read back).
 *
 * <p>A failed upload is retried with exponential backoff up to {@link Retry#attempts()} times; then
 * it is reported to the {@link Listener} (a meter, a log line) and the file stays in the spool: it
 * is tried again whenever another file is closed, and at the next start (every complete file found
 * in the spool is queued). {@link #close()} is called when the worker stops, inside its few seconds
 * of stop budget: it waits at most {@link Retry#closeWait()} (1 s by default) for the upload under
 * way, then abandons it (an abandoned upload never deletes its file); scheduled retries and queued
 * uploads are not waited for. What is left stays in the spool, already renamed from {@code .part},
 * and is uploaded at the next start. Nothing is ever deleted that is not verified in the store.
 *
 * <p>References: {@link #reference(String)} is {@code s3://bucket/prefix/NAME}, so a page's {@code
 * WarcRef} says where its record lives for the sink and the workbench; the record is there once its
 * file is closed and uploaded (files roll at {@code crawler.warc-max-file-bytes}).
 */
public final class S3WarcStorage implements WarcStorage {
  private static final Logger log = LoggerFactory.getLogger(S3WarcStorage.class);
  private static final String PART = ".part";

  /** What happened to uploads, for meters and tests. Called on the upload thread. */
  public interface Listener {
    /** The file was uploaded, verified and removed from the spool. */
    default void uploaded(S3Store.Uploaded upload) {}

    /** An attempt is about to start (on the upload thread, before anything is sent). */
    default void starting(String name, int attempt) {}

    /** One attempt failed; {@code attempt} counts from 1. */
    default void attemptFailed(String name, int attempt, IOException error) {}

    /** Every attempt failed: the file stays in the spool and is tried again later. */
    default void gaveUp(String name, int attempts, IOException error) {}
  }

  /**
   * How uploads are retried.
   *
   * @param attempts attempts before the failure is reported (at least 1)
   * @param firstBackoff wait after the first failure, doubling after each
   * @param maxBackoff the longest wait
   * @param closeWait how long {@link #close()} waits for the upload under way before it abandons it
   *     (the file stays in the spool); keep it well inside the worker's stop budget
   */
  public record Retry(
      int attempts, Duration firstBackoff, Duration maxBackoff, Duration closeWait) {
    /**
     * 8 attempts over about 2 minutes (1 s doubling up to 30 s); close waits at most 1 s, as it
     * runs inside the crawler's stop (about 5 s in all): a file of up to {@code
     * crawler.warc-max-file-bytes} cannot be uploaded in that time anyway, and the spool keeps it.
     */
    public static final Retry DEFAULTS =
        new Retry(8, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1));

    public Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1");
      }
      new org.sitewatch.common.concurrent.Backoff(firstBackoff, maxBackoff); // checks the bounds
      Objects.requireNonNull(closeWait, "closeWait");
    }
  }

  private final Path spool;
  private final S3Location location;
  private final S3Store store;
  private final Retry retry;
  private final Listener listener;
  private final ScheduledThreadPoolExecutor uploads;
  private final Object lock = new Object();
  // guarded by lock: files that used up their attempts, retried when the next file closes
  private final Set<String> waiting = new LinkedHashSet<>();
  // set by close() once it stops waiting: an upload that starts (or resumes) later does nothing
  private volatile boolean abandoned;

  /**
   * Queues every complete file already in the spool (left by an earlier run) for upload.
   *
   * @param spool local folder where files are written before upload ({@code crawler.warc-dir})
   * @param location bucket and prefix ({@code evidence.warc-store})
   * @param store the store client, closed with this storage
   */
  public S3WarcStorage(
      Path spool, S3Location location, S3Store store, Retry retry, Listener listener) {
    this.spool = Objects.requireNonNull(spool, "spool");
    this.location = Objects.requireNonNull(location, "location");
    this.store = Objects.requireNonNull(store, "store");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.uploads = new ScheduledThreadPoolExecutor(1, Threads.named("warc-upload").daemon());
    uploads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    resumeSpool();
  }

  private void resumeSpool() {
    try {
      for (String name : spooled(false)) {
        log.info("WARC file {} left in {} by an earlier run: uploading it", name, spool);
        queue(name);
      }
      List<String> open = spooled(true);
      if (!open.isEmpty()) {
        log.warn(
            "WARC files {} in {} were never closed (a crash, or another process writing there);"
                + " pages may reference their records: once no process writes them, rename each"
                + " to drop '{}' and they are uploaded at the next start",
            open,
            spool,
            PART);
      }
    } catch (IOException e) {
      log.warn("cannot list the WARC spool {}: {}", spool, e.toString());
    }
  }

  @Override
  public OutputStream create(String name) throws IOException {
    Path done = local(name);
    Path part = spool.resolve(name + PART);
    if (Files.exists(done)) {
      throw new FileAlreadyExistsException(done.toString());
    }
    Files.createDirectories(spool);
    OutputStream out =
        Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FilterOutputStream(out) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        out.close();
        Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
        queue(name);
        List<String> again;
        synchronized (lock) {
          again = new ArrayList<>(waiting);
          waiting.clear();
        }
        again.forEach(S3WarcStorage.this::queue);
      }
    };
  }

  /** The spooled copy while it exists, else the stored object (ranged reads). */
  @Override
  public SeekableByteChannel open(String name) throws IOException {
    Path file = local(name);
    if (Files.isRegularFile(file)) {
      try {
        return Files.newByteChannel(file, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        // uploaded and removed meanwhile: read the object
      }
    }
    return store.open(location.address(name));
  }

  /** Files in the store and closed files still in the spool, sorted. */
  @Override
  public List<String> list() throws IOException {
    Set<String> names = new TreeSet<>(spooled(false));
    for (String n : store.list(location)) {
      if (n.endsWith(".warc.gz") || n.endsWith(".warc")) {
        names.add(n);
      }
    }
    return List.copyOf(names);
  }

  @Override
  public String location() {
    return location + " (spool " + spool.toAbsolutePath().normalize() + ")";
  }

  @Override
  public String reference(String name) {
    return location.address(name).toString();
  }

  /** Names of closed files that are not verified in the store yet (in the spool). */
  public List<String> pending() throws IOException {
    return spooled(false);
  }

  @Override
  public void close() {
    uploads.shutdown();
    try {
      if (!uploads.awaitTermination(retry.closeWait().toMillis(), TimeUnit.MILLISECONDS)) {
        abandoned = true;
        uploads.shutdownNow();
      }
    } catch (InterruptedException e) {
      abandoned = true;
      uploads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      List<String> left = spooled(false);
      if (!left.isEmpty()) {
        log.warn(
            "WARC files {} are not uploaded to {} yet; they stay in {} and are uploaded at the"
                + " next start",
            left,
            location,
            spool);
      }
    } catch (IOException e) {
      log.warn("cannot list the WARC spool {}: {}", spool, e.toString());
    }
    store.close();
  }

  private void queue(String name) {
    schedule(name, 1, Duration.ZERO);
  }

  private void schedule(String name, int attempt, Duration delay) {
    try {
      uploads.schedule(() -> upload(name, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.warn(
          "WARC file {} stays in {}: the storage is closing; uploaded at the next start",
          name,
          spool);
    }
  }

  private void upload(String name, int attempt) {
    Path file = local(name);
    if (!Files.isRegularFile(file)) {
      return; // uploaded by an earlier attempt or a process sharing the spool
    }
    listener.starting(name, attempt);
    if (abandoned) {
      return; // the storage closed without waiting for this one: it stays in the spool
    }
    try {
      S3Store.Uploaded done = store.upload(file, location.address(name));
      Files.deleteIfExists(file);
      log.info(
          "uploaded WARC file {} ({} bytes, sha256 {})",
          done.address(),
          done.size(),
          done.sha256());
      listener.uploaded(done);
    } catch (IOException | RuntimeException e) {
      IOException error = e instanceof IOException io ? io : new IOException(e);
      listener.attemptFailed(name, attempt, error);
      if (attempt < retry.attempts()) {
        log.warn(
            "uploading WARC file {} to {} failed (attempt {} of {}): {}",
            name,
            location,
            attempt,
            retry.attempts(),
            error.getMessage());
        schedule(name, attempt + 1, backoff(attempt));
      } else {
        log.error(
            "WARC file {} could not be uploaded to {} after {} attempts: {}; it stays in {} and is"
                + " tried again when the next file is closed and at the next start",
            name,
            location,
            attempt,
            error.getMessage(),
            spool);
        synchronized (lock) {
          waiting.add(name);
        }
        listener.gaveUp(name, attempt, error);
      }
    }
  }

  private Duration backoff(int failures) {
    Duration delay = retry.firstBackoff();
    for (int i = 1; i < failures && delay.compareTo(retry.maxBackoff()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : delay;
  }

  private List<String> spooled(boolean unfinished) throws IOException {
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spool)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(
              n ->
                  unfinished
                      ? n.endsWith(".warc.gz" + PART) || n.endsWith(".warc" + PART)
                      : n.endsWith(".warc.gz") || n.endsWith(".warc"))
          .sorted()
          .toList();
    }
  }

  private Path local(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException("not a plain WARC file name: '" + name + "'");
    }
    return spool.resolve(name);
  }
}
