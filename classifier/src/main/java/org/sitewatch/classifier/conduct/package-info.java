/**
 * The conduct of the joint notice a site's evidence points to (for profit or not, showing
 * audio-video, organising prostitution). {@link org.sitewatch.classifier.conduct.ConductDetector}
 * reads each page, with the page classifier, for the evidence of each conduct (prices, payment,
 * players, escort wording, and the lexicon's signals); the site state keeps a few reasons per
 * conduct over all the site's pages, and {@code topology.Conducts} turns them into the verdict's
 * conducts and reasons. Patterns and kinds of evidence live in the detector; the per-site rule
 * (only flagged sites, never both profit conducts) in {@code Conducts}; docs/classifier.md has the
 * catalogue.
 */
package org.sitewatch.classifier.conduct;
