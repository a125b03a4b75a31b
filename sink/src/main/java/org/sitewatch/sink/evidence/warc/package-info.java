/**
 * The stored WARC records of a lead's pages: a {@link org.sitewatch.sink.evidence.warc.WarcSource}
 * finds the records of a page's {@link org.sitewatch.events.WarcRef} ({@link
 * org.sitewatch.sink.evidence.warc.DirectoryWarcSource} reads the crawler's folder, {@link
 * org.sitewatch.sink.evidence.warc.S3WarcSource} an object store by ranged reads, {@link
 * org.sitewatch.sink.evidence.warc.WarcStoreSource} picks one by the reference's form) as {@link
 * org.sitewatch.sink.evidence.warc.WarcSlice}s whose exact bytes a bundle copies.
 *
 * <p>Where to change what: reading one stored record (one gzip member) is {@code StoredWarc}, its
 * digest check the shared {@code org.sitewatch.common.warc.WarcRecordCheck}; finding the request
 * and metadata records next to a response is {@code StoredRecords}, on any seekable channel; the
 * inflate budget against gzip bombs is {@code InflateBudget}. See {@code docs/warc.md}.
 */
package org.sitewatch.sink.evidence.warc;
