/**
 * Checking a bundle: {@link org.sitewatch.sink.evidence.verify.BundleVerifier} reads it through
 * {@code BundleZip} (as unzip shows it, within {@link
 * org.sitewatch.sink.evidence.verify.BundleLimits}, nothing extracted) and reports in a {@link
 * org.sitewatch.sink.evidence.verify.VerificationReport}: integrity, origin, and, given a database,
 * the custody head.
 *
 * <p>Where to change what: zip structure checks in {@code BundleZip}, file and chain checks in
 * {@code BundleVerifier}, WARC record checks in {@code WarcVerification}, the database comparison
 * in {@code CustodyAnchor}, the verdict's wording in {@code VerificationReport}. What each check
 * refuses: {@code docs/evidence.md}.
 */
package org.sitewatch.sink.evidence.verify;
