/**
 * The signals of a page that are not lexicon keywords: self-labels and age gates ({@code
 * StructureDetector}), prices and top-ups ({@code PaymentDetector}), video and thumbnail layouts
 * ({@code LayoutDetector}), hidden text and cloaking ({@code Hiding}, {@code HiddenTextDetector}),
 * injected link blocks ({@code InjectedLinks}), and identifiers ({@code IdentifierExtractor}).
 *
 * <p>Where to change what: one kind of identifier per class: {@code FilingNumbers} (ICP and
 * public-security numbers, province check), {@code ContactHandles}, {@code PaymentAccounts} (with
 * {@code PaymentAddresses} checksums), {@code AnalyticsIds}. Patterns run only near literal anchors
 * found in one pass per page: add an anchor group in the detector and in {@code PageAnchors}; the
 * windowed matching is in {@code TextScan}. Adult-looking link hosts: {@code Hosts}.
 *
 * <p>Internal to the classifier, not an API: these types are public only because the classifier's
 * packages are split.
 */
package org.sitewatch.classifier.signals;
