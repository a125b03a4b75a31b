/**
 * The captured page viewer: a lead's page as the crawler captured it, read from the WARC store
 * (never fetched live). {@code CaptureReader} reads and decodes one response record within bounds,
 * {@code CapturedText} gives its visible text with the signal snippets marked, {@code FrameHtml}
 * the HTML the sandboxed frame serves, and {@link org.sitewatch.web.capture.CaptureFeature} the two
 * routes and the frame's own security headers. The guarantees are listed in {@code
 * docs/workbench.md}, "Captured pages".
 */
package org.sitewatch.web.capture;
