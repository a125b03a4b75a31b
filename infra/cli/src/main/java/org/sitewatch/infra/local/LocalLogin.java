package org.sitewatch.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sitewatch.infra.db.Database;

/**
 * Writes the analyst login of a local run's embedded database to {@code analyst-login.properties}
 * in the data folder, readable by its owner only, so that {@code sitewatch lead list --config
 * sitewatch-data/analyst-login.properties} works while the run lasts.
 */
final class LocalLogin {
  static final String FILE = "analyst-login.properties";

  private LocalLogin() {}

  static Path write(Path dataDir, Database.Login login) {
    Path file = dataDir.resolve(FILE);
    String text =
        "# generated for one local run; the password changes every run\n"
            + "db.jdbc-url="
            + login.jdbcUrl()
            + "\n"
            + "db.username="
            + login.username()
            + "\n"
            + "db.password="
            + login.password()
            + "\n";
    try {
      Files.deleteIfExists(file);
      OwnerOnlyFile.create(file);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
