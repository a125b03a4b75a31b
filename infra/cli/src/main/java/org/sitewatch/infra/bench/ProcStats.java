package org.sitewatch.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Figures the Linux kernel keeps about a process ({@code /proc/PID/stat}, {@code /proc/PID/status})
 * and the machine ({@code /proc/stat}, {@code /proc/loadavg}). Empty where {@code /proc} is
 * missing.
 */
final class ProcStats {
  /** Clock ticks per second of {@code /proc} CPU figures: {@code USER_HZ}, 100 on every Linux. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** CPU seconds (user + system) a process has used so far. */
  static Optional<Double> cpuSeconds(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "stat")).map(ProcStats::cpuSecondsOfStatLine);
  }

  /** CPU seconds of a process plus those of its children that exited and were waited for. */
  static Optional<Double> cpuSecondsWithChildren(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "stat"))
        .map(
            line -> {
              String[] after = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
              long ticks = 0;
              for (int i = 11; i <= 14; i++) { // utime stime cutime cstime
                ticks += Long.parseLong(after[i]);
              }
              return ticks / TICKS_PER_SECOND;
            });
  }

  /**
   * User plus system time from a {@code /proc/PID/stat} line. The command name in parentheses may
   * contain spaces, so fields are counted from the last closing parenthesis: utime and stime are
   * fields 14 and 15 of the line, the 12th and 13th after it.
   */
  static double cpuSecondsOfStatLine(String line) {
    String[] after = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
    long utime = Long.parseLong(after[11]);
    long stime = Long.parseLong(after[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  }

  /** A {@code kB} field of {@code /proc/PID/status} ({@code VmHWM}, {@code VmRSS}) in bytes. */
  static Optional<Long> statusBytes(long pid, String field) {
    return read(Path.of("/proc", Long.toString(pid), "status"))
        .flatMap(text -> statusField(text, field));
  }

  static Optional<Long> statusField(String statusText, String field) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith(field + ":")) {
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        return Optional.of(Long.parseLong(parts[0]) * 1024);
      }
    }
    return Optional.empty();
  }

  /** The three load averages of {@code /proc/loadavg}, as written there. */
  static String loadAverage() {
    return read(Path.of("/proc/loadavg"))
        .map(s -> String.join(" ", List.of(s.trim().split("\\s+")).subList(0, 3)))
        .orElse("unknown");
  }

  /** Machine-wide CPU ticks from the first line of {@code /proc/stat}: {busy, total}. */
  static Optional<long[]> machineTicks() {
    return read(Path.of("/proc/stat"))
        .map(text -> machineTicksOf(text.lines().findFirst().orElse("")));
  }

  static long[] machineTicksOf(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long total = 0;
    long idle = 0;
    for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
      long v = Long.parseLong(f[i]);
      total += v;
      if (i == 4 || i == 5) {
        idle += v;
      }
    }
    return new long[] {total - idle, total};
  }

  static int cpuCount() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static Optional<String> read(Path path) {
    try {
      return Optional.of(Files.readString(path));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
