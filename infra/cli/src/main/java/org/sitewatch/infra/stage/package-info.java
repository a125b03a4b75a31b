/**
 * One assembly per stage, used by both the all-in-one mode ({@code infra.local}) and the stage
 * commands ({@code infra.cli.stage}): {@link org.sitewatch.infra.stage.CrawlerStage}, {@link
 * org.sitewatch.infra.stage.ClassifierStage} and {@link org.sitewatch.infra.stage.SinkStage} each
 * take the configuration and the shared resources (Kafka client properties, data source, clock),
 * build and start the stage's parts, report when it stops on its own ({@link
 * org.sitewatch.infra.stage.Stage#failure()}) and close them in reverse order.
 *
 * <p>To change what a stage consists of or how it is configured, change its assembly here: both
 * modes follow. Only the local mode's Kafka Streams tuning differs ({@link
 * org.sitewatch.infra.stage.ClassifierStage.Tuning}).
 */
package org.sitewatch.infra.stage;
