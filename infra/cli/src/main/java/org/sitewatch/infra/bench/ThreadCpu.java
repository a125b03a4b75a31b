package org.sitewatch.infra.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Predicate;

/** CPU time of this JVM's live threads, grouped by name. */
final class ThreadCpu {
  private ThreadCpu() {}

  /** Summed CPU nanoseconds of the live threads whose name matches, or -1 if not supported. */
  static long ofThreadsNamed(Predicate<String> name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeSupported()) {
      return -1;
    }
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      if (info != null && name.test(info.getThreadName())) {
        long cpu = threads.getThreadCpuTime(id);
        if (cpu > 0) {
          total += cpu;
        }
      }
    }
    return total;
  }
}
