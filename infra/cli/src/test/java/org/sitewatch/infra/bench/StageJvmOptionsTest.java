package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The scale and faults benchmarks start crawler processes as production runs them (no interpreter
 * profiling: docs/crawler-benchmark.md, "What picks the mode"), and other stages with the options
 * given.
 */
class StageJvmOptionsTest {

  private static ScaleBenchCommand scale(String... args) {
    ScaleBenchCommand command = new ScaleBenchCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void scaleCrawlersRunWithoutInterpreterProfilingByDefault() {
    assertThat(scale("--stage", "crawler").effectiveStageJvmOptions())
        .containsExactly("-Xmx512m", "-XX:-ProfileInterpreter");
  }

  @Test
  void scaleClassifiersAndSinksKeepTheBenchmarkHeapOnly() {
    assertThat(scale("--stage", "classifier").effectiveStageJvmOptions())
        .containsExactly("-Xmx512m");
    assertThat(scale("--stage", "sink").effectiveStageJvmOptions()).containsExactly("-Xmx512m");
  }

  @Test
  void scaleOptionsGivenReplaceTheHeapDefaultAndCrawlersKeepTheirProfilingRule() {
    assertThat(scale("--stage", "crawler", "--stage-jvm-opt=-Xmx1g").effectiveStageJvmOptions())
        .containsExactly("-Xmx1g", "-XX:-ProfileInterpreter");
    assertThat(
            scale("--stage", "crawler", "--stage-jvm-opt=-XX:+ProfileInterpreter")
                .effectiveStageJvmOptions())
        .containsExactly("-XX:+ProfileInterpreter");
  }

  @Test
  void faultClusterCrawlersGetNoInterpreterProfilingBesideTheGivenOptions() {
    assertThat(FaultCluster.stageJvmOptions("crawler", List.of("-Xmx512m")))
        .containsExactly("-Xmx512m", "-XX:-ProfileInterpreter");
    assertThat(FaultCluster.stageJvmOptions("classifier", List.of("-Xmx512m")))
        .containsExactly("-Xmx512m");
  }

  @Test
  void faultClusterKeepsAnInterpreterProfilingChoiceGivenForCrawlers() {
    assertThat(
            FaultCluster.stageJvmOptions("crawler", List.of("-Xmx512m", "-XX:+ProfileInterpreter")))
        .containsExactly("-Xmx512m", "-XX:+ProfileInterpreter");
  }
}
