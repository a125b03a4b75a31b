/**
 * Keyword signals: lexicons of rules ({@link org.sitewatch.classifier.keywords.Lexicon}, the text
 * format is in the header of {@code lexicons/zh.txt}) matched with Lucene by {@link
 * org.sitewatch.classifier.keywords.KeywordDetector} on a page's kept terms ({@code PageTerms}).
 *
 * <p>Where to change what: rule syntax and layering (built-in, extra file, live) in {@code Lexicon}
 * and {@code LexiconRule}; the analysis chain shared by pages and phrases in {@code TextAnalysis},
 * with evasion undone in {@code EvasionCharFilter} and {@code LatinEvasionFilter}, and its page
 * side in one loop that keeps only lexicon terms ({@code MatchingTokens}: Chinese bigrams, the term
 * filter); the smartcn word-boundary check in {@code WordBoundaryCheck}; e2guardian import in
 * {@code LexiconImport}; whether a match is offered or is the object of blocking, reporting,
 * prosecuting, treating or defining (context cues around it, page genre) in {@code MatchContext},
 * with the cues in {@code lexicons/context.txt}. The rules themselves are data: {@code
 * src/main/resources/lexicons/}.
 *
 * <p>Internal to the classifier, not an API: these types are public only because the classifier's
 * packages are split.
 */
package org.sitewatch.classifier.keywords;
