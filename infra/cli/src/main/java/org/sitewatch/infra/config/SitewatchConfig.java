package org.sitewatch.infra.config;

import java.util.Objects;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.intake.SinkSettings;

/** The whole, validated configuration of a Sitewatch process. Built by {@link ConfigLoader}. */
public record SitewatchConfig(
    Sections.Kafka kafka,
    Sections.Db db,
    CrawlerSettings crawler,
    ClassifierSettings classifier,
    SinkSettings sink,
    Sections.Jurisdiction jurisdiction,
    Sections.Local local,
    Sections.Evidence evidence,
    CheckpointSettings crawlerCheckpoints,
    Sections.CrawlerMetrics crawlerMetrics) {
  public SitewatchConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(crawler, "crawler");
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(crawlerCheckpoints, "crawlerCheckpoints");
    Objects.requireNonNull(crawlerMetrics, "crawlerMetrics");
  }

  public Topics topics() {
    return Topics.withPrefix(kafka.topicPrefix());
  }
}
