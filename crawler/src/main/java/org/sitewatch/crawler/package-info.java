/**
 * The crawler stage: a Kafka-driven worker that crawls one site per crawl request and publishes
 * what the servers sent. This package holds the worker's settings ({@link
 * org.sitewatch.crawler.CrawlerSettings} and its parts) and the {@link
 * org.sitewatch.crawler.LinkScorer} plug-in; the entry point is {@link
 * org.sitewatch.crawler.worker.CrawlerWorker}.
 *
 * <p>Where to change what: a request record's fate in {@code worker}, one site's crawl in {@code
 * crawl}, HTTP, bodies and decoding in {@code fetch}, what may be fetched and when in {@code
 * policy}, which addresses may be reached in {@code net}, checkpoints in {@code state}, what
 * reaches a topic in {@code output}, meters in {@code metrics}, evidence files in {@code warc}. The
 * rules, the glossary and the table of packages: {@code docs/crawler.md}.
 */
package org.sitewatch.crawler;
