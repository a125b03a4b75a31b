/**
 * Evidence that travels with a case file: the custody log of each lead and self-verifying bundles.
 *
 * <p><b>Custody log.</b> {@link org.sitewatch.sink.evidence.custody.CustodyLog} keeps, per lead, an
 * append-only chain of {@link org.sitewatch.sink.evidence.custody.CustodyEntry entries} in PostgreSQL; each
 * entry's SHA-256 covers its content and the previous entry's hash, so a rewritten, removed or
 * reordered entry breaks the chain from there on. The database refuses updates and deletes by
 * trigger; the chain is what shows tampering by someone who could bypass the trigger. The hash is
 * computed over a documented canonical JSON form (never over {@code jsonb} text, whose key order and
 * number spelling PostgreSQL changes), so that a verifier in any language can recompute it.
 *
 * <p><b>Bundles.</b> {@link org.sitewatch.sink.evidence.bundle.BundleExporter} writes a zip with the lead as
 * JSON and HTML (with its jurisdiction routing), the custody log including the export's own entry,
 * the stored WARC records of its pages, a manifest of SHA-256 hashes and an Ed25519 signature of the
 * manifest by the deployment's {@link org.sitewatch.sink.evidence.signing.SigningKey}; the export entry is
 * committed only once the zip is on disk. {@link org.sitewatch.sink.evidence.verify.BundleVerifier} checks a
 * bundle: {@code BundleZip} reads it as unzip does and refuses any zip that readers could see
 * differently, within {@link org.sitewatch.sink.evidence.verify.BundleLimits} and without extracting
 * anything; then integrity (manifest, custody chain, WARC records), origin ({@code BundleSignature}
 * against {@link org.sitewatch.sink.evidence.signing.TrustedKey trusted keys}) and, given a database, the
 * custody head ({@code CustodyAnchor}). Integrity alone is never reported as intact: anyone can build
 * a self-consistent bundle.
 *
 * <p><b>WARC records.</b> A {@link org.sitewatch.sink.evidence.warc.WarcSource} finds the records of a
 * page's {@link org.sitewatch.events.WarcRef}; {@link org.sitewatch.sink.evidence.warc.DirectoryWarcSource}
 * reads the crawler's directory store, checks the response record (one gzip member, its ID, its
 * block and payload digests against its headers and the reference) and finds the request and
 * metadata records concurrent to it by a bounded scan of the same file. The bundle copies the exact
 * stored gzip members; a page whose records cannot be copied is stated in the bundle with the
 * reason, never dropped. Verification re-reads every record in place and rehashes it.
 * See {@code docs/evidence.md}.
 */
package org.sitewatch.sink.evidence;
