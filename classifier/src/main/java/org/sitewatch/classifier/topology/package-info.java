/**
 * The running stage: {@link org.sitewatch.classifier.topology.SitewatchTopology#build} (pages in,
 * outcomes and verdicts out, lexicons as global state), {@link
 * org.sitewatch.classifier.topology.ClassifierApp} around it.
 *
 * <p>Where to change what: which page records are refused before scoring in {@code Intake}; how a
 * site's pages fold into its state and verdict in {@code SiteAggregator}, {@code SiteState} and
 * {@code Conducts}; how unreadable, failing or unwritable records become outcomes in {@code
 * BadRecordHandler}, {@code FailedProcessingHandler} and {@code UnwritableRecordHandler}; how
 * operator lexicons are checked and applied in {@code LexiconRecords} and {@code LiveLexicons}.
 * Tests run the same topology in {@code TopologyTestDriver}.
 */
package org.sitewatch.classifier.topology;
