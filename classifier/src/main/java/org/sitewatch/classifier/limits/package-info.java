/**
 * Size limits on everything the classifier writes to a topic or to its state store ({@link
 * org.sitewatch.classifier.limits.Bounds}) and the cleaning of control characters ({@link
 * org.sitewatch.classifier.limits.ControlChars}). Change a limit here and in {@code
 * docs/classifier-limits.md}, which gives the reasons.
 */
package org.sitewatch.classifier.limits;
