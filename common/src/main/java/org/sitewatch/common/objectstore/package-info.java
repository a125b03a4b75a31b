/**
 * WARC files on an S3-compatible object store: {@link org.sitewatch.common.objectstore.S3Store}
 * (upload a closed file whole and verify it, ranged reads, listing) reached with {@link
 * org.sitewatch.common.objectstore.S3Settings} ({@code evidence.s3.*}); a folder of the store is an
 * {@link org.sitewatch.common.objectstore.S3Location} ({@code
 * evidence.warc-store=s3://bucket/prefix}) and one file in it an {@link
 * org.sitewatch.common.objectstore.S3Address}, the {@code s3://} form that a {@code WarcRef}
 * carries. Here because the crawler writes these names and the sink and the workbench read them:
 * they must agree. The crawler's uploader is {@code crawler.warc.S3WarcStorage}; the sink's reader
 * {@code sink.evidence.warc.S3WarcSource}. See {@code docs/warc.md}.
 */
package org.sitewatch.common.objectstore;
