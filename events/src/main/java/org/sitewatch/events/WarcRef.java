package org.sitewatch.events;

/**
 * Where a fetched page's HTTP exchange lies in the WARC store, so later stages can find the bytes
 * and check them.
 *
 * @param file the WARC file's name in the store (relative, e.g. {@code
 *     sitewatch-20261128153000123-00001-worker1.warc.gz})
 * @param offset byte offset of the response record in that file (of its gzip member when the file
 *     is compressed)
 * @param length length in bytes of the response record as stored (compressed length for gzip)
 * @param recordId the response record's {@code WARC-Record-ID}, e.g. {@code <urn:uuid:...>}
 * @param blockDigest the record's {@code WARC-Block-Digest}, {@code sha256:} followed by the
 *     base-32 digest as WARC writes it
 * @param payloadDigest the record's {@code WARC-Payload-Digest} in the same form
 */
public record WarcRef(
    String file,
    long offset,
    long length,
    String recordId,
    String blockDigest,
    String payloadDigest) {
  public WarcRef {
    Checks.text(file, "file");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0");
    }
    Checks.text(recordId, "recordId");
    Checks.text(blockDigest, "blockDigest");
    payloadDigest = payloadDigest == null ? "" : payloadDigest;
  }
}
