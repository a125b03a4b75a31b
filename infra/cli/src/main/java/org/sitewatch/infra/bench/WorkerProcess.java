package org.sitewatch.infra.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One crawler worker as a child JVM ({@code sitewatch crawler --config FILE}) with the CLI's own
 * class path, its output in a log file, and the figures {@code /proc} keeps about it sampled while
 * it lives (a killed process's figures are those of the last sample).
 */
final class WorkerProcess implements AutoCloseable {
  static final String MAIN_CLASS = "org.sitewatch.infra.cli.SitewatchCommand";

  private final int index;
  private final Process process;
  private final Path log;
  private volatile double cpuSeconds;
  private volatile long peakRssBytes;
  private volatile boolean killed;
  private final List<BenchFigures.CpuSample> cpuSamples = new ArrayList<>();

  private WorkerProcess(int index, Process process, Path log) {
    this.index = index;
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(int index, Path config, List<String> jvmOptions, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    command.add("crawler");
    command.add("--config");
    command.add(config.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new WorkerProcess(index, builder.start(), log);
  }

  int index() {
    return index;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Reads CPU time and peak resident memory from {@code /proc}; no-op once the process is gone. */
  void sample() {
    long now = System.nanoTime();
    ProcStats.cpuSeconds(process.pid())
        .ifPresent(
            cpu -> {
              cpuSeconds = cpu;
              synchronized (cpuSamples) {
                cpuSamples.add(new BenchFigures.CpuSample(now, cpu));
              }
            });
    ProcStats.statusBytes(process.pid(), "VmHWM")
        .ifPresent(hwm -> peakRssBytes = Math.max(peakRssBytes, hwm));
  }

  /** The CPU samples taken so far, in time order (every 500 ms while the benchmark measures). */
  List<BenchFigures.CpuSample> cpuSamples() {
    synchronized (cpuSamples) {
      return List.copyOf(cpuSamples);
    }
  }

  double cpuSeconds() {
    return cpuSeconds;
  }

  long peakRssBytes() {
    return peakRssBytes;
  }

  boolean killed() {
    return killed;
  }

  /** SIGKILL ({@code kill -9}): no shutdown hook runs, nothing is committed or flushed. */
  void kill() {
    sample();
    killed = true;
    process.destroyForcibly();
  }

  /** SIGTERM, then SIGKILL if the worker has not stopped within 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    sample();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
