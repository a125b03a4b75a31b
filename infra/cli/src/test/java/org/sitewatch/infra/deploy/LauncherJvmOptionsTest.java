package org.sitewatch.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher (infra/bin/sitewatch) starts every command that runs crawl workers in its JVM
 * without interpreter profiling (docs/crawler-benchmark.md, "What picks the mode" and "JIT flag on
 * other stages, round 27"), and the other commands with the options given only. Runs a copy of the
 * launcher beside an empty jar, with a {@code java} on the PATH that prints its arguments.
 */
class LauncherJvmOptionsTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "sitewatch {0} with SITEWATCH_JAVA_OPTS=''{1}'' starts java {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "crawler    |                        | -XX:-ProfileInterpreter",
        "run        |                        | -XX:-ProfileInterpreter",
        "up         |                        | -XX:-ProfileInterpreter",
        "demo       |                        | -XX:-ProfileInterpreter",
        "demo       | -Xmx2g                 | -Xmx2g -XX:-ProfileInterpreter",
        "demo       | -XX:+ProfileInterpreter | -XX:+ProfileInterpreter",
        "classifier |                        | ''",
        "sink       | -Xmx2g                 | -Xmx2g",
        "workbench  |                        | ''",
      })
  void commandsThatRunCrawlWorkersGetNoInterpreterProfiling(
      String command, String given, String expected) throws Exception {
    Path launcher = dir.resolve("infra/bin/sitewatch");
    Files.createDirectories(launcher.getParent());
    Files.copy(DeployFiles.root().resolve("infra/bin/sitewatch"), launcher);
    Path jar = dir.resolve("infra/cli/target/sitewatch.jar");
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);
    Path bin = Files.createDirectories(dir.resolve("fake-bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n", StandardCharsets.UTF_8);
    assertThat(java.toFile().setExecutable(true)).isTrue();

    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), command, "--help");
    pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().remove("SITEWATCH_JAVA_OPTS");
    if (given != null) {
      pb.environment().put("SITEWATCH_JAVA_OPTS", given);
    }
    pb.redirectErrorStream(true);
    Path output = dir.resolve("output.txt");
    pb.redirectOutput(output.toFile());
    Process p = pb.start();
    boolean exited = p.waitFor(30, TimeUnit.SECONDS); // the output goes to a file: a hung
    p.destroyForcibly(); //                             launcher fails the test, not blocks it
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    List<String> expectedArgs = new ArrayList<>();
    for (String option : expected.split(" ")) {
      if (!option.isEmpty()) {
        expectedArgs.add(option);
      }
    }
    expectedArgs.addAll(List.of("-jar", jar.toString(), command, "--help"));
    assertThat(out.lines().toList()).containsExactlyElementsOf(expectedArgs);
  }
}
