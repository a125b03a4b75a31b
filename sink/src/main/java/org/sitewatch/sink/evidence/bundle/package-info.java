/**
 * Evidence bundles as written: {@link org.sitewatch.sink.evidence.bundle.BundleLayout} names the
 * files, {@link org.sitewatch.sink.evidence.bundle.BundleExporter} writes them from the parts the
 * caller configured and records the export in the custody log once the zip is on disk.
 *
 * <p>Where to change what: {@code lead.json} in {@code BundleExporter}, {@code report.html} in
 * {@code HtmlReport} (every text through {@code Printable}), the WARC part in {@code BundleWarc},
 * the manifest's file list and {@code manifest_sha256} in {@code FileDigest}, {@code manifest.sig}
 * in {@code BundleSignature}. Format rules: {@code docs/evidence.md}.
 */
package org.sitewatch.sink.evidence.bundle;
