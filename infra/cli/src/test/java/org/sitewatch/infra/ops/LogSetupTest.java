package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  @Test
  void processLoggingIsSetUpByLogSetupWithoutAnyXml() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
  }

  @Test
  void logsGoToStderrWithTheTextPatternAndTheLevelsOfEachLibrary() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    assertThat(setup.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
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
