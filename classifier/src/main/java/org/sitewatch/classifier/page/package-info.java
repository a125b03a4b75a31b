/**
 * One page in, one explained score out: {@link org.sitewatch.classifier.page.PageClassifier} runs
 * the detectors of {@code keywords} and {@code signals} on a {@link
 * org.sitewatch.classifier.page.PageText} (visible text and parsed document, prepared once) and
 * {@link org.sitewatch.classifier.page.Scoring} turns their {@link
 * org.sitewatch.classifier.page.RawHit}s into a {@link org.sitewatch.classifier.page.PageScore}.
 *
 * <p>Where to change what: the logistic model and category caps in {@code Scoring} and {@code
 * Category}; which text a page is reduced to, the page budget and the detector list in {@code
 * PageClassifier}; a new family of signals implements {@code SignalDetector}. Near-copy hashing of
 * page text: {@code TextSimhash}. What a detector reads of the page's elements (by tag, class, id,
 * style, href): {@code DomScan}, walked once per page; a detector that needs another attribute of
 * every element adds it there rather than walking the tree itself.
 *
 * <p>Internal to the classifier, not an API: these types are public only because the classifier's
 * packages are split.
 */
package org.sitewatch.classifier.page;
