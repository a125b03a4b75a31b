package org.sitewatch.infra.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One process of the {@code bench faults} cluster (a broker or a stage): a child JVM with the CLI's
 * own class path, started again with the same command after a kill or a stop, its output appended
 * to one log file. The benchmark plays the supervisor: a process that exits without being told to
 * is restarted and counted.
 */
final class ClusterProcess {
  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;
  private boolean stopping;
  private int starts;
  private int unplannedExits;

  ClusterProcess(
      String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
    this.name = Objects.requireNonNull(name, "name");
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(mainClass);
    c.addAll(args);
    this.command = List.copyOf(c);
    this.log = log;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    stopping = false;
    starts++;
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** SIGKILL: no shutdown hook runs; waits until the process is gone. */
  void kill() throws InterruptedException {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    if (p != null) {
      p.destroyForcibly().waitFor();
    }
  }

  /**
   * SIGTERM and wait up to {@code maxSeconds}; then SIGKILL.
   *
   * @return the seconds until the process exited, and its exit code ({@code -1} if it had to be
   *     killed)
   */
  Stop terminate(int maxSeconds) throws InterruptedException {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    if (p == null || !p.isAlive()) {
      return new Stop(name, 0, p == null ? -1 : p.exitValue(), false);
    }
    long start = System.nanoTime();
    p.destroy();
    boolean exited = p.waitFor(maxSeconds, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!exited) {
      p.destroyForcibly().waitFor();
      return new Stop(name, seconds, -1, true);
    }
    return new Stop(name, seconds, p.exitValue(), false);
  }

  /** From now on an exit is planned: {@link #restartIfExited} leaves the process down. */
  synchronized void markStopping() {
    stopping = true;
  }

  /** Waits up to {@code maxSeconds} for the process to exit by itself (e.g. a one-off command). */
  Stop await(int maxSeconds) throws InterruptedException {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    long start = System.nanoTime();
    if (!p.waitFor(maxSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      return new Stop(name, maxSeconds, -1, true);
    }
    return new Stop(name, (System.nanoTime() - start) / 1e9, p.exitValue(), false);
  }

  /**
   * If the process exited without being told to, counts it and starts it again.
   *
   * @return whether it was restarted
   */
  synchronized boolean restartIfExited() throws IOException {
    if (process == null || process.isAlive() || stopping) {
      return false;
    }
    unplannedExits++;
    start();
    return true;
  }

  synchronized int unplannedExits() {
    return unplannedExits;
  }

  /** How one process stopped on SIGTERM: seconds, exit code, whether it had to be killed. */
  record Stop(String process, double seconds, int exitCode, boolean killed) {}
}
