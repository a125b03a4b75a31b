/**
 * Scoring an address without fetching it: {@link org.sitewatch.classifier.url.UrlClassifier} cuts
 * host and path into tokens ({@code UrlTokens}, glued words segmented over the rule vocabulary) and
 * adds up the rules of {@code lexicons/url.txt} ({@code UrlLexicon}, {@code UrlRule}) in a logistic
 * model of its own; the learned model ({@code UrlModel}, file {@code models/url-model.txt}) then
 * reads hashed character n-grams and tokens of the address ({@code UrlFeatures}), the words its own
 * segmenter finds in glued names ({@code UrlWords}, word counts shipped in the model file) together
 * with those rule hits, and its part is the {@code url.model} signal. {@link
 * org.sitewatch.classifier.url.UrlModelTraining} learns that file ({@code sitewatch train --urls}).
 * Used to rank links for the crawler and as a prior; the result is a {@code UrlScore}.
 */
package org.sitewatch.classifier.url;
