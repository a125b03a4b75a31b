/**
 * Evidence tools: {@code sitewatch evidence export|verify|keygen} (signed, self-verifying bundles
 * of a lead; docs/evidence.md) and {@code sitewatch warc verify} (the digests of the crawler's WARC
 * files; docs/warc.md). Bundle format and checks live in the sink's {@code evidence} package, WARC
 * verification in the crawler; here is option parsing, key selection and output.
 */
package org.sitewatch.infra.cli.evidence;
