package org.sitewatch.crawler.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker's work folder: frontier folders left by an earlier run are deleted at start. */
final class WorkFolder {
  private static final Logger log = LoggerFactory.getLogger(WorkFolder.class);

  private WorkFolder() {}

  /** Deletes {@code site-*} folders directly under {@code workDir}; a missing folder is fine. */
  static void deleteStaleFrontiers(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return;
    }
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(workDir, "site-*")) {
      for (Path folder : stale) {
        if (Files.isDirectory(folder)) {
          log.info("deleting frontier folder {} left by an earlier run", folder);
          deleteRecursively(folder);
        }
      }
    } catch (IOException e) {
      log.warn("could not list {} for stale frontier folders: {}", workDir, e.toString());
    }
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.warn("could not delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      log.warn("could not delete {}: {}", folder, e.toString());
    }
  }
}
