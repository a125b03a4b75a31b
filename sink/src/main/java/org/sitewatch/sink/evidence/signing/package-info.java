/**
 * Keys: the deployment's Ed25519 {@link org.sitewatch.sink.evidence.signing.SigningKey} that signs
 * every bundle's manifest, and the {@link org.sitewatch.sink.evidence.signing.TrustedKey}s a
 * verifier accepts. PEM files are read and written by {@code Pem}. The signature file itself is
 * {@code bundle.BundleSignature}; key handling rules are in {@code docs/evidence.md}.
 */
package org.sitewatch.sink.evidence.signing;
