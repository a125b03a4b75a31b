/**
 * The queue, the analysts' default view: {@link org.sitewatch.web.queue.QueueFeature} registers the
 * page ({@code /queue}), its live updates ({@code /queue/events}, {@link
 * org.sitewatch.web.queue.LiveQueue}: one poller thread, server-sent events) and the REST list
 * ({@code /api/leads}); {@link org.sitewatch.web.queue.QueueQuery} reads the parameters all three
 * share; {@link org.sitewatch.web.queue.QueueLine} is a row as text, the same in the page and in
 * the pushed updates. The queries themselves, with the bureau rule, are {@link
 * org.sitewatch.web.data.LeadQueue}; why they are built that way is in {@code docs/workbench.md}.
 */
package org.sitewatch.web.queue;
