/**
 * Typed, layered configuration: defaults, properties file, {@code SITEWATCH_*} environment,
 * command-line overrides; unknown keys and bad values fail the load with every problem listed.
 *
 * <p>To add a key: a row in {@link org.sitewatch.infra.config.ConfigKeys} (name, description,
 * default taken from the stage's own {@code defaults()}), the same row in the README's
 * configuration table (a test compares them), and its binding in {@link
 * org.sitewatch.infra.config.ConfigLoader}. {@link org.sitewatch.infra.config.SitewatchConfig}
 * holds the sections; the stages own their settings records, {@link
 * org.sitewatch.infra.config.Sections} the infra-owned ones; {@link
 * org.sitewatch.infra.config.KafkaClientKeys} checks {@code kafka.client.*}.
 */
package org.sitewatch.infra.config;
