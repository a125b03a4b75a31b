package org.sitewatch.common.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named threads: every thread of the project has a name that says whose it is (visible in thread
 * dumps and log lines), and is a daemon only when its owner says so.
 *
 * <pre>{@code
 * Executors.newSingleThreadScheduledExecutor(Threads.named("sitewatch-recrawler").daemon());
 * new ThreadPoolExecutor(..., Threads.named("crawler-site").numbered().daemon()); // crawler-site-1
 * Thread t = Threads.named("crawler-consumer").newThread(this::loop); // not started
 * }</pre>
 */
public final class Threads {
  private Threads() {}

  /**
   * A factory whose threads are all called {@code name}, not daemons; refine with {@link
   * Factory#daemon()} and {@link Factory#numbered()}.
   */
  public static Factory named(String name) {
    return new Factory(name, false, false);
  }

  /** Creates and starts a thread called {@code name}. */
  public static Thread start(String name, boolean daemon, Runnable task) {
    Factory f = named(name);
    Thread t = (daemon ? f.daemon() : f).newThread(task);
    t.start();
    return t;
  }

  /** An immutable {@link ThreadFactory} of named threads. */
  public static final class Factory implements ThreadFactory {
    private final String name;
    private final boolean daemon;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    private Factory(String name, boolean daemon, boolean numbered) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a thread needs a name");
      }
      this.daemon = daemon;
      this.numbered = numbered;
    }

    /** The same factory, but its threads are daemons (they do not keep the JVM alive). */
    public Factory daemon() {
      return new Factory(name, true, numbered);
    }

    /** The same factory, but its threads are called {@code name-1}, {@code name-2}, ... */
    public Factory numbered() {
      return new Factory(name, daemon, true);
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread t = new Thread(task, numbered ? name + "-" + count.incrementAndGet() : name);
      t.setDaemon(daemon);
      return t;
    }

    @Override
    public String toString() {
      return "Threads.named("
          + name
          + ")"
          + (numbered ? ".numbered()" : "")
          + (daemon ? ".daemon()" : "");
    }
  }
}
