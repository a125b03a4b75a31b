/**
 * Measuring and tuning the classifiers on labelled data: {@link
 * org.sitewatch.classifier.eval.Evaluation} (pages and URLs, {@code sitewatch eval}), its {@link
 * org.sitewatch.classifier.eval.Report}, and {@link org.sitewatch.classifier.eval.Training}
 * (weights learnt from labelled pages, {@code sitewatch train}). Labelled fixtures live under
 * {@code src/test/resources/eval/}.
 */
package org.sitewatch.classifier.eval;
