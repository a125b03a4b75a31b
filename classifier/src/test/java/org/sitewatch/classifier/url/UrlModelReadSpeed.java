package org.sitewatch.classifier.url;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints what reading a URL model file costs a fresh process, the way start-up pays it: the CPU
 * time of this thread and of the whole process (JIT and GC threads included) and the wall time of
 * one {@link UrlModel#parse} of the file's bytes (already in memory), plus the model's version and
 * weight count to compare builds. Run it once per JVM (a second parse in the same JVM is warm).
 * Usage: {@code UrlModelReadSpeed [MODEL_FILE]} (default: the built-in model); docs/detection.md
 * ("start-up, round 25") gives the command and figures. A benchmark that prints figures, not a
 * test.
 */
public final class UrlModelReadSpeed {
  private UrlModelReadSpeed() {}

  public static void main(String[] args) throws Exception {
    byte[] bytes;
    if (args.length > 0) {
      bytes = Files.readAllBytes(Path.of(args[0]));
    } else {
      try (InputStream in =
          UrlModelReadSpeed.class.getClassLoader().getResourceAsStream(UrlModel.BUILT_IN)) {
        bytes = in.readAllBytes();
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long thread0 = threads.getCurrentThreadCpuTime();
    long process0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    UrlModel model = UrlModel.parse("model", bytes);
    System.out.printf(
        "parse of %d bytes: thread CPU %d ms, process CPU %d ms, wall %d ms; %d weights, %s%n",
        bytes.length,
        (threads.getCurrentThreadCpuTime() - thread0) / 1_000_000,
        (os.getProcessCpuTime() - process0) / 1_000_000,
        (System.nanoTime() - wall0) / 1_000_000,
        model.nonZero(),
        model.version());
  }
}
