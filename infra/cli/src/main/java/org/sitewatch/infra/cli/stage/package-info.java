/**
 * One stage per process against a Kafka cluster (and PostgreSQL): {@code sitewatch crawler}, {@code
 * classifier}, {@code sink}, and {@code seed}, which puts URLs on the cluster's crawl-request
 * topic.
 *
 * <p>{@link org.sitewatch.infra.cli.stage.StageCommand} holds what the three stage commands share
 * (options, topic creation, the shutdown hook, the health probe that exits non-zero when the stage
 * stops on its own); each subclass only builds its stage with the assembly in {@code infra.stage},
 * the same one the all-in-one mode uses. Change what a stage consists of there, not here.
 */
package org.sitewatch.infra.cli.stage;
