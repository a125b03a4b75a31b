package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSetupTest {
  @Test
  void aLogbackFileOnTheClassPathTakesOverFromTheCodedSetUp(@TempDir Path dir) throws Exception {
    try (URLClassLoader none = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(LogSetup.replacedByFile(none)).isFalse();
    }
    Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
    try (URLClassLoader operators = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(LogSetup.replacedByFile(operators)).isTrue();
    }
  }

  @Test
  void theCodedSetUpRunsOnlyWhenNoFileReplacesIt(@TempDir Path dir) throws Exception {
    LogSetup setup = new LogSetup();
    LoggerContext plain = new LoggerContext();
    setup.setContext(plain);
    try (URLClassLoader none = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(setup.configure(plain, none))
          .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    }
    assertThat(plain.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();

    Files.writeString(dir.resolve("logback-test.xml"), "<configuration/>");
    LoggerContext replaced = new LoggerContext();
    setup = new LogSetup();
    setup.setContext(replaced);
    try (URLClassLoader tests = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(setup.configure(replaced, tests))
          .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }
    assertThat(replaced.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
  }

  @Test
  void logsGoToStderrWithTheTextPatternAndTheLevelsOfEachLibrary() {
    LoggerContext context = new LoggerContext();
    LogSetup.setUp(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(appender.getTarget()).isEqualTo("System.err");
    assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
        .isEqualTo("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
    assertThat(context.getLogger("org.sitewatch.crawler").getEffectiveLevel())
        .isEqualTo(LogSetup.sitewatchLevel());
    assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
        .isEqualTo(Level.ERROR);
    assertThat(context.getLogger("org.apache.kafka.clients.producer").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.example").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void sitewatchLevelComesFromTheSystemPropertyAndDefaultsToInfo() {
    String before = System.getProperty(LogSetup.LEVEL_VARIABLE);
    try {
      System.setProperty(LogSetup.LEVEL_VARIABLE, "debug");
      assertThat(LogSetup.sitewatchLevel()).isEqualTo(Level.DEBUG);
      System.setProperty(LogSetup.LEVEL_VARIABLE, "");
      assertThat(LogSetup.sitewatchLevel()).isEqualTo(Level.INFO);
    } finally {
      if (before == null) {
        System.clearProperty(LogSetup.LEVEL_VARIABLE);
      } else {
        System.setProperty(LogSetup.LEVEL_VARIABLE, before);
      }
    }
  }
}
