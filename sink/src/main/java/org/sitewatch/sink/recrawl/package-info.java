/**
 * Re-checks of the sites of open leads. {@link org.sitewatch.sink.recrawl.Recrawler} claims due
 * leads and publishes recrawl requests ({@link org.sitewatch.sink.recrawl.LeadChecks#claimDue});
 * {@link org.sitewatch.sink.recrawl.CheckRecorder} follows the outcomes topic and records each
 * recrawl's result ({@link org.sitewatch.sink.recrawl.CheckWriter}), judged by {@link
 * org.sitewatch.sink.recrawl.CheckJudge} (change the ONLINE/CHANGED/GONE/UNKNOWN rules there).
 *
 * <p>Schedule, idempotency and states: {@code docs/recrawl.md}.
 */
package org.sitewatch.sink.recrawl;
