/**
 * The classifier stage: scores every fetched page, decides per site, and explains every decision. A
 * Kafka Streams application ({@link org.sitewatch.classifier.topology.ClassifierApp}) built by one
 * pure method ({@link org.sitewatch.classifier.topology.SitewatchTopology#build}).
 *
 * <p>Where to change what: the topology, intake, failure handling, site aggregation and live
 * lexicons in {@code topology}; how one page is scored in {@code page}; keyword lexicons and text
 * analysis in {@code keywords}; structure, payment, layout, hiding and identifier detectors in
 * {@code signals}; address-only scoring in {@code url}; known-site lists in {@code lists}; size
 * bounds in {@code limits}; evaluation and training in {@code eval}. Settings: {@link
 * org.sitewatch.classifier.ClassifierSettings}.
 *
 * <p>The rules and the model are described in {@code docs/classifier.md}; decisions and figures in
 * {@code docs/detection.md}; bounds against hostile pages in {@code docs/classifier-limits.md}.
 */
package org.sitewatch.classifier;
