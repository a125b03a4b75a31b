package org.sitewatch.infra.config;

import java.util.Objects;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.intake.SinkSettings;
import org.sitewatch.web.publicsite.TipSiteSettings;

/**
 * The whole, validated configuration of a Sitewatch process. Built by {@link ConfigLoader} through
 * {@link #builder()}: each section is set by name.
 *
 * @param tipSite the public tip-off site's limits and defences ({@code tips.*}; its contact
 *     retention is {@code sink.tips.contact-retention}, its private targets follow {@code
 *     crawler.allow-private-addresses})
 * @param ops the operations endpoint, the log format and the stall check ({@code metrics.*}, {@code
 *     log.format}, {@code health.stall-after})
 */
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
    Sections.CrawlerMetrics crawlerMetrics,
    TipSiteSettings tipSite,
    Sections.Ops ops,
    Sections.ClassifierState classifierState) {
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
    Objects.requireNonNull(tipSite, "tipSite");
    Objects.requireNonNull(ops, "ops");
    Objects.requireNonNull(classifierState, "classifierState");
  }

  public Topics topics() {
    return Topics.withPrefix(kafka.topicPrefix());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sets each section by name; {@link #build()} checks that none is missing. */
  public static final class Builder {
    private Sections.Kafka kafka;
    private Sections.Db db;
    private CrawlerSettings crawler;
    private ClassifierSettings classifier;
    private SinkSettings sink;
    private Sections.Jurisdiction jurisdiction;
    private Sections.Local local;
    private Sections.Evidence evidence;
    private CheckpointSettings crawlerCheckpoints;
    private Sections.CrawlerMetrics crawlerMetrics;
    private TipSiteSettings tipSite;
    private Sections.Ops ops;
    private Sections.ClassifierState classifierState;

    private Builder() {}

    public Builder kafka(Sections.Kafka kafka) {
      this.kafka = kafka;
      return this;
    }

    public Builder db(Sections.Db db) {
      this.db = db;
      return this;
    }

    public Builder crawler(CrawlerSettings crawler) {
      this.crawler = crawler;
      return this;
    }

    public Builder classifier(ClassifierSettings classifier) {
      this.classifier = classifier;
      return this;
    }

    public Builder sink(SinkSettings sink) {
      this.sink = sink;
      return this;
    }

    public Builder jurisdiction(Sections.Jurisdiction jurisdiction) {
      this.jurisdiction = jurisdiction;
      return this;
    }

    public Builder local(Sections.Local local) {
      this.local = local;
      return this;
    }

    public Builder evidence(Sections.Evidence evidence) {
      this.evidence = evidence;
      return this;
    }

    public Builder crawlerCheckpoints(CheckpointSettings crawlerCheckpoints) {
      this.crawlerCheckpoints = crawlerCheckpoints;
      return this;
    }

    public Builder crawlerMetrics(Sections.CrawlerMetrics crawlerMetrics) {
      this.crawlerMetrics = crawlerMetrics;
      return this;
    }

    public Builder tipSite(TipSiteSettings tipSite) {
      this.tipSite = tipSite;
      return this;
    }

    public Builder ops(Sections.Ops ops) {
      this.ops = ops;
      return this;
    }

    public Builder classifierState(Sections.ClassifierState classifierState) {
      this.classifierState = classifierState;
      return this;
    }

    /**
     * @throws NullPointerException naming the first section not set
     */
    public SitewatchConfig build() {
      return new SitewatchConfig(
          kafka,
          db,
          crawler,
          classifier,
          sink,
          jurisdiction,
          local,
          evidence,
          crawlerCheckpoints,
          crawlerMetrics,
          tipSite,
          ops,
          classifierState);
    }
  }
}
