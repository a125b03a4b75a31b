/**
 * Tips from the public and the hotline (docs/tips.md): {@link org.sitewatch.sink.tips.TipStore}
 * records a report, one tip per reported site, and reads a report's status by its receipt; {@link
 * org.sitewatch.sink.tips.TipFollower} moves each tip's status as crawls and verdicts come, links
 * it to its site's lead and raises that lead's priority.
 */
package org.sitewatch.sink.tips;
