package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The JVM options `bench crawl` starts its workers with: by default those of a production crawler
 * (no interpreter profiling, which made the runs bimodal: docs/crawler-benchmark.md), and exactly
 * the given ones when {@code --worker-jvm-opt} is used.
 */
class BenchCrawlWorkerJvmTest {

  private static BenchCommand.Crawl parse(String... args) {
    BenchCommand.Crawl crawl = new BenchCommand.Crawl();
    new CommandLine(crawl).parseArgs(args);
    return crawl;
  }

  @Test
  void workersRunWithoutInterpreterProfilingAndTheBenchmarkHeapByDefault() {
    assertThat(parse("--hosts", "10").effectiveWorkerJvmOptions())
        .containsExactly("-Xmx512m", "-XX:-ProfileInterpreter");
  }

  @Test
  void givenOptionsReplaceTheDefaultsAsAWhole() {
    assertThat(
            parse("--worker-jvm-opt=-Xmx1g", "--worker-jvm-opt=-XX:+ProfileInterpreter")
                .effectiveWorkerJvmOptions())
        .containsExactly("-Xmx1g", "-XX:+ProfileInterpreter");
  }
}
