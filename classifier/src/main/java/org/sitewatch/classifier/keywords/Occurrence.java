package org.sitewatch.classifier.keywords;

/**
 * One match of a phrase on a page: token positions (inclusive; a Chinese character is one position)
 * and offsets in the original text.
 */
record Occurrence(int startPos, int endPos, int start, int end) {}
