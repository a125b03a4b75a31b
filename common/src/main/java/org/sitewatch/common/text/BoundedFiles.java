package org.sitewatch.common.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file read whole only up to a bound: at most {@code maxBytes} bytes and one byte more to tell
 * whether it goes on, so a huge or growing file is never held. Each caller decides what a longer
 * file means (refused, skipped, or cut and marked truncated).
 */
public final class BoundedFiles {
  private BoundedFiles() {}

  /**
   * The first bytes of a file.
   *
   * @param bytes at most the bound's number of bytes
   * @param truncated whether the file holds more than the bound
   */
  public record Head(byte[] bytes, boolean truncated) {
    public Head {
      Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * {@link #bytes} as UTF-8 text.
     *
     * @throws CharacterCodingException if they are not UTF-8
     */
    public String utf8() throws CharacterCodingException {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }
  }

  /**
   * The first {@code maxBytes} bytes of {@code file}, and whether more follow (read: one byte).
   *
   * @throws IOException if it cannot be read
   */
  public static Head head(Path file, int maxBytes) throws IOException {
    Objects.requireNonNull(file, "file");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(maxBytes);
      boolean truncated = bytes.length == maxBytes && in.read() >= 0;
      return new Head(bytes, truncated);
    }
  }
}
