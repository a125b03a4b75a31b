/**
 * Size limits on everything the classifier writes to a topic or to its state store ({@link
 * org.sitewatch.classifier.limits.Bounds}) and the cleaning of control characters ({@link
 * org.sitewatch.classifier.limits.ControlChars}). Change a limit here and in {@code
 * docs/classifier-limits.md}, which gives the reasons.
 *
 * <p>Internal to the classifier, not an API: these types are public only because the classifier's
 * packages are split.
 */
package org.sitewatch.classifier.limits;
