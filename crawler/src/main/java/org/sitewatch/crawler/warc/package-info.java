/**
 * WARC 1.1 evidence files: {@link org.sitewatch.crawler.warc.WarcStorage} (where files live; a
 * folder by default), {@link org.sitewatch.crawler.warc.WarcCaptureWriter} (one per worker,
 * thread-safe, appends a response + request + metadata group per exchange, rolls files at a size
 * cap, a warcinfo record at the start of each) and {@link org.sitewatch.crawler.warc.WarcVerifier}
 * (recomputes every block and payload digest). Records are written with jwarc; digests are SHA-256
 * computed here. A {@code WarcRef} names the response record's gzip member (file, offset, length).
 * Layout and naming: {@code docs/warc.md}.
 */
package org.sitewatch.crawler.warc;
