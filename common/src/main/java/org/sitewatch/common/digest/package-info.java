/**
 * SHA-256 and hex ({@link org.sitewatch.common.digest.Sha256}): text is hashed as UTF-8, hex is
 * lower-case. WARC-form digests ({@code sha256:BASE32}) are in {@code org.sitewatch.common.warc};
 * the custody log's canonical JSON hashing stays in the sink's evidence package.
 */
package org.sitewatch.common.digest;
