package org.sitewatch.crawler.warc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** WARC files in one folder of the local file system (created when the first file is). */
public final class DirectoryWarcStorage implements WarcStorage {
  /** The default folder, relative to the current working directory. */
  public static final String DEFAULT_FOLDER = "sitewatch-warc";

  private final Path folder;

  public DirectoryWarcStorage(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  public Path folder() {
    return folder;
  }

  @Override
  public OutputStream create(String name) throws IOException {
    Files.createDirectories(folder);
    return Files.newOutputStream(
        resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  @Override
  public SeekableByteChannel open(String name) throws IOException {
    return Files.newByteChannel(resolve(name), StandardOpenOption.READ);
  }

  @Override
  public List<String> list() throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".warc.gz") || n.endsWith(".warc"))
          .sorted()
          .toList();
    }
  }

  @Override
  public String location() {
    return folder.toAbsolutePath().normalize().toString();
  }

  private Path resolve(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException("not a plain WARC file name: '" + name + "'");
    }
    return folder.resolve(name);
  }
}
