/**
 * WARC record verification: {@link org.sitewatch.common.warc.WarcRecordCheck} rehashes one record
 * (block and payload, streamed) and compares with its headers; {@link
 * org.sitewatch.common.warc.WarcVerifier} walks whole files with it ({@code sitewatch warc
 * verify}); {@link org.sitewatch.common.warc.WarcDigests} makes and parses {@code sha256:BASE32}
 * digests. Writing WARCs stays in the crawler ({@code crawler.warc}); the gzip-member bookkeeping
 * of evidence bundles stays in the sink ({@code sink.evidence}). Which bytes are "the payload" is
 * decided here, for both.
 */
package org.sitewatch.common.warc;
