/**
 * WARC 1.1 evidence files: {@link org.sitewatch.crawler.warc.WarcCaptureWriter} (one per worker,
 * thread-safe, a response + request + metadata group per exchange, files rolled at a size cap, a
 * warcinfo record at the start of each) writing to a {@link org.sitewatch.crawler.warc.WarcStorage}
 * (a folder by default; {@link org.sitewatch.crawler.warc.S3WarcStorage} uploads each closed file
 * to an S3-compatible store). Verification and digests are common's ({@code
 * org.sitewatch.common.warc}). Layout and naming: {@code docs/warc.md}.
 */
package org.sitewatch.crawler.warc;
