package org.sitewatch.sink.evidence.bundle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.sink.evidence.custody.Canonical;

/**
 * SHA-256 (hex), size and CRC-32 of one file of a bundle, and the manifest's file list built from
 * them.
 */
public record FileDigest(String sha256, long size, long crc) {
  public static FileDigest of(InputStream in) throws IOException {
    MessageDigest md = Sha256.newDigest();
    CRC32 crc = new CRC32();
    byte[] buf = new byte[64 * 1024];
    long size = 0;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      md.update(buf, 0, n);
      crc.update(buf, 0, n);
      size += n;
    }
    return new FileDigest(Sha256.hex(md), size, crc.getValue());
  }

  public static FileDigest of(byte[] bytes) {
    try {
      return of(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The manifest's {@code files}: path, sha256, size of each file but {@code except}, by path. */
  public static ArrayNode fileList(Map<String, FileDigest> digests, String except) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    new TreeMap<>(digests)
        .forEach(
            (path, d) -> {
              if (!path.equals(except)) {
                list.addObject().put("path", path).put("sha256", d.sha256()).put("size", d.size());
              }
            });
    return list;
  }

  /**
   * What the {@code EXPORTED} entry records as {@code manifest_sha256}: the SHA-256 of the
   * canonical JSON of the file list without {@code custody.jsonl}, which cannot list itself.
   */
  public static String contentHash(Map<String, FileDigest> digests) {
    return Sha256.hex(Canonical.json(fileList(digests, BundleLayout.CUSTODY)));
  }
}
