/**
 * Evidence that travels with a case file: each lead's hash-chained custody log and its signed,
 * self-verifying bundles. Rules and file formats: {@code docs/evidence.md}.
 *
 * <ul>
 *   <li>{@code custody}: the custody log in PostgreSQL, its entries, the chain rules and the
 *       canonical JSON the hashes cover. Change the hash rule here (and in the docs).
 *   <li>{@code bundle}: what a bundle holds ({@code BundleLayout}) and how it is written ({@code
 *       BundleExporter}, built from the configured lead store, custody log and operations): {@code
 *       lead.json}, {@code report.html}, the manifest and its signature.
 *   <li>{@code verify}: reading a bundle safely ({@code BundleZip}, {@code BundleLimits}) and
 *       checking it ({@code BundleVerifier}): files, chain, WARC records, signature, database.
 *   <li>{@code warc}: the stored WARC records of a lead's pages ({@code WarcSource}).
 *   <li>{@code signing}: the deployment's Ed25519 key and the keys a verifier trusts.
 * </ul>
 */
package org.sitewatch.sink.evidence;
