/**
 * The classifier's offline tools: {@code sitewatch classify} (score files or URLs), {@code eval}
 * (precision and recall on a labelled list), {@code lexicon} (import and publish lexicons) and
 * {@code train} (fit lexicon weights). They call the classifier module's API and print; scoring
 * rules live in the classifier module.
 */
package org.sitewatch.infra.cli.classify;
