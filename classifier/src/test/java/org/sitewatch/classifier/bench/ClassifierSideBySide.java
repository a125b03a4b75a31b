package org.sitewatch.classifier.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two builds of the classifier (for instance main's {@code classes} and a branch's) side by side in
 * one JVM, with the {@link ClassifierBench} baseline, alternating pass by pass on the same thread.
 * Figures are thread CPU time and bytes allocated per page, which survive a loaded machine far
 * better than pages per second of wall time. Each build gets its own class loader over its classes
 * directory, this module's test classes (for the pages) and the dependency class path.
 *
 * <pre>
 * cd classifier/target   # after test-compile and dependency:build-classpath -Dmdep.outputFile=CP
 * java -cp test-classes org.sitewatch.classifier.bench.ClassifierSideBySide \
 *     BEFORE_CLASSES classes test-classes CP HTML_DIR [PAGES=60] [SECONDS=120]
 * </pre>
 */
public final class ClassifierSideBySide {
  private static final String[] NAMES = {
    "baseline (jsoup + Aho-Corasick)", "classifier, before", "classifier, after"
  };

  private ClassifierSideBySide() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println(
          "usage: ClassifierSideBySide BEFORE_CLASSES AFTER_CLASSES TEST_CLASSES CP_FILE HTML_DIR"
              + " [PAGES] [SECONDS]");
      System.exit(2);
    }
    List<URL> jars = new ArrayList<>();
    for (String jar :
        Files.readString(Path.of(args[3]), StandardCharsets.UTF_8).trim().split(":")) {
      jars.add(Path.of(jar).toUri().toURL());
    }
    Path tests = Path.of(args[2]);
    Build before = Build.load(Path.of(args[0]), tests, jars);
    Build after = Build.load(Path.of(args[1]), tests, jars);
    int pageCount = args.length > 5 ? Integer.parseInt(args[5]) : 60;
    long seconds = args.length > 6 ? Long.parseLong(args[6]) : 120;

    Class<?> bench = before.bench;
    List<?> files =
        (List<?>) call(bench, "readHtml", new Class<?>[] {Path.class}, Path.of(args[4]));
    List<String> pages = new ArrayList<>();
    for (Object page :
        (List<?>)
            call(bench, "buildPages", new Class<?>[] {List.class, int.class}, files, pageCount)) {
      pages.add((String) page);
    }
    Object lexicon = call(bench, "baselineLexicon", new Class<?>[] {Path.class}, (Object) null);
    Class<?> trieClass = before.loader.loadClass("org.ahocorasick.trie.Trie");
    Object builder = trieClass.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("ignoreCase").invoke(builder);
    builder =
        builder.getClass().getMethod("addKeywords", Collection.class).invoke(builder, lexicon);
    Object trie = builder.getClass().getMethod("build").invoke(builder);
    Method baseline = bench.getDeclaredMethod("baseline", trieClass, List.class);
    baseline.setAccessible(true);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] cpu = new long[3];
    long[] wall = new long[3];
    long[] allocated = new long[3];
    int passes = 0;
    long warmEnd = System.nanoTime() + 10_000_000_000L;
    long end = warmEnd + seconds * 1_000_000_000L;
    // at least one counted pass, however slow the machine
    while (passes == 0 || System.nanoTime() < end) {
      boolean counted = System.nanoTime() > warmEnd;
      for (int v = 0; v < 3; v++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long a0 = threads.getCurrentThreadAllocatedBytes();
        long w0 = System.nanoTime();
        if (v == 0) {
          baseline.invoke(null, trie, pages);
        } else {
          (v == 1 ? before : after).classifyAll(pages);
        }
        if (counted) {
          wall[v] += System.nanoTime() - w0;
          cpu[v] += threads.getCurrentThreadCpuTime() - c0;
          allocated[v] += threads.getCurrentThreadAllocatedBytes() - a0;
        }
      }
      passes += counted ? 1 : 0;
    }
    double n = (double) passes * pages.size();
    System.out.printf(
        Locale.ROOT,
        "%d pages x %d alternating passes each after 10 s of warm-up; per page:%n",
        pages.size(),
        passes);
    for (int v = 0; v < 3; v++) {
      System.out.printf(
          Locale.ROOT,
          "%-32s %6.2f ms CPU %7.2f ms wall %6.1f pages/CPU-s  ratio to baseline %.3f  %5.0f KB"
              + " allocated%n",
          NAMES[v],
          cpu[v] / 1e6 / n,
          wall[v] / 1e6 / n,
          n / (cpu[v] / 1e9),
          (double) cpu[0] / cpu[v],
          allocated[v] / 1024.0 / n);
    }
    System.out.printf(
        Locale.ROOT, "after / before, CPU per page: %.3f%n", (double) cpu[2] / cpu[1]);
  }

  private static Object call(Class<?> owner, String name, Class<?>[] types, Object... args)
      throws ReflectiveOperationException {
    Method m = owner.getDeclaredMethod(name, types);
    m.setAccessible(true);
    return m.invoke(null, args);
  }

  /** One build's classifier, loaded apart from the other's. */
  private record Build(
      URLClassLoader loader,
      Class<?> bench,
      Object classifier,
      Method classify,
      Constructor<?> input) {
    static Build load(Path classes, Path tests, List<URL> jars) throws Exception {
      List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL(), tests.toUri().toURL()));
      urls.addAll(jars);
      URLClassLoader loader =
          new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
      Class<?> settings = loader.loadClass("org.sitewatch.classifier.ClassifierSettings");
      Class<?> classifier = loader.loadClass("org.sitewatch.classifier.page.PageClassifier");
      Class<?> input = loader.loadClass("org.sitewatch.classifier.page.PageInput");
      return new Build(
          loader,
          loader.loadClass("org.sitewatch.classifier.bench.ClassifierBench"),
          classifier
              .getMethod("load", settings)
              .invoke(null, settings.getMethod("defaults").invoke(null)),
          classifier.getMethod("classify", input),
          input.getConstructor(String.class, String.class, String.class, Map.class));
    }

    void classifyAll(List<String> pages) throws ReflectiveOperationException {
      for (int i = 0; i < pages.size(); i++) {
        classify.invoke(
            classifier,
            input.newInstance("https://bench.test/" + i, pages.get(i), "text/html", Map.of()));
      }
    }
  }
}
