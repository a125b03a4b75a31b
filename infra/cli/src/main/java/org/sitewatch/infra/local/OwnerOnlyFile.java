package org.sitewatch.infra.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A new file only its owner may read and write (passwords of the local mode). */
final class OwnerOnlyFile {
  private OwnerOnlyFile() {}

  /** Creates {@code file}, owner read/write only where the file system has POSIX permissions. */
  static void create(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file); // not a POSIX file system
    }
  }
}
