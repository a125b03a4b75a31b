package org.sitewatch.classifier.lists;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Manual measurement (not a test; surefire ignores it): heap held by a known-site list of N
 * synthetic domains once loaded, load time and lookups per second. {@code java -cp ...
 * org.sitewatch.classifier.lists.ListMemoryRunner [N]} (default 1,000,000).
 */
final class ListMemoryRunner {
  private ListMemoryRunner() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Random random = new Random(42);
    String[] tlds = {"com", "net", "org", "cn", "xyz", "top", "co.uk"};
    List<String> domains = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = 6 + random.nextInt(12);
      StringBuilder b = new StringBuilder(len + 8);
      for (int k = 0; k < len; k++) {
        b.append((char) ('a' + random.nextInt(26)));
      }
      domains.add(b.append('.').append(tlds[random.nextInt(tlds.length)]).toString());
    }
    Path dir = Files.createTempDirectory("lists-mem");
    ListImport.Imported imported =
        new ListImport.Imported(
            domains.stream().sorted().distinct().toList(), n, 0, 0, List.of(), "0", 0);
    SiteList.write(
        dir,
        new SiteList.Header(
            "synthetic",
            ListFormat.DOMAINS,
            "synthetic",
            "0",
            imported.domains().size(),
            0,
            Instant.EPOCH),
        imported);
    long fileBytes = Files.size(SiteList.fileOf(dir, "synthetic"));
    imported = null;
    long before = usedAfterGc();
    long t0 = System.nanoTime();
    KnownSites sites = KnownSites.load(dir);
    long loadMs = (System.nanoTime() - t0) / 1_000_000;
    long after = usedAfterGc();
    int hits = 0;
    long t1 = System.nanoTime();
    int lookups = 200_000;
    for (int i = 0; i < lookups; i++) {
      hits += sites.matches("www." + domains.get(i % domains.size())).size();
    }
    double perSec = lookups / ((System.nanoTime() - t1) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "domains %d, list file %.1f MB, heap held after load %.1f MB (%.1f bytes/domain),"
            + " load %d ms, %d of %d lookups matched, %.0f lookups/s%n",
        sites.lists().get(0).size(),
        fileBytes / 1e6,
        (after - before) / 1e6,
        (after - before) / (double) sites.lists().get(0).size(),
        loadMs,
        hits,
        lookups,
        perSec);
    if (sites.lists().isEmpty()) {
      throw new IllegalStateException();
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
