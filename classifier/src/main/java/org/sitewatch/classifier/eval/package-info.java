/**
 * Measuring and tuning the classifiers on labelled data: {@link
 * org.sitewatch.classifier.eval.Evaluation} (pages and URLs, {@code sitewatch eval}), its {@link
 * org.sitewatch.classifier.eval.Report}, and {@link org.sitewatch.classifier.eval.Training}
 * (weights learnt from labelled pages, {@code sitewatch train}), and {@link
 * org.sitewatch.classifier.eval.SiteEvaluation} (conducts per site, {@code sitewatch eval --sites},
 * through the topology's own page and site path) with its {@link
 * org.sitewatch.classifier.eval.SiteReport}. {@link org.sitewatch.classifier.eval.SiteSplit} splits
 * a URL evaluation by whether a training TSV holds each row's registrable domain ({@code sitewatch
 * eval --urls --train}): a model remembers its training sites, so only the unseen part measures
 * what it does on addresses it never saw. Labelled fixtures live under {@code
 * src/test/resources/eval/} ({@code eval/sites/}: a folder per site with {@code conduct.txt}).
 */
package org.sitewatch.classifier.eval;
