package org.sitewatch.sink.evidence.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * PEM text (RFC 7468) of one DER structure: {@code PRIVATE KEY} (PKCS#8) or {@code PUBLIC KEY}
 * (X.509).
 */
final class Pem {
  /** A key file is a few hundred bytes; anything much larger is not one. */
  private static final long MAX_FILE_BYTES = 16 * 1024;

  private Pem() {}

  static String encode(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /**
   * The DER bytes of the first {@code label} block of a file.
   *
   * @throws IllegalArgumentException if the file holds no such block
   */
  static byte[] read(Path file, String label) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          file + " is larger than " + MAX_FILE_BYTES + " bytes: not a PEM key file");
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(end, from);
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException(file + " holds no PEM block '" + label + "'");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the '" + label + "' block is not Base64", e);
    }
  }
}
