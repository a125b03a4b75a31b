package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** log.format on a logger context of the test's own (never the process's). */
class LogFormatTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private Logger log;

  @BeforeEach
  void textAppender() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%-5level %logger{0} - %msg%n");
    text.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setEncoder(text);
    appender.setOutputStream(written);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    log = context.getLogger("org.sitewatch.Stage");
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private List<String> lines() {
    return written.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonWritesOneJsonObjectPerLineAndTextComesBack() {
    log.info("before: {}", "text");
    LogFormat.JSON.apply(context);
    log.warn("not ready for {} s: {}", 10, "kafka: no answer within 2 s");
    log.info("second line");
    LogFormat.TEXT.apply(context);
    log.info("after: {}", "text");

    List<String> lines = lines();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("INFO  Stage - before: text");
    assertThat(lines.get(1))
        .startsWith("{")
        .endsWith("}")
        .contains("\"level\":\"WARN\"")
        .contains("\"loggerName\":\"org.sitewatch.Stage\"")
        .contains("\"formattedMessage\":\"not ready for 10 s: kafka: no answer within 2 s\"");
    assertThat(lines.get(2)).startsWith("{").contains("\"formattedMessage\":\"second line\"");
    assertThat(lines.get(3)).isEqualTo("INFO  Stage - after: text");
  }

  @Test
  void applyingJsonTwiceKeepsTheTextEncoderToComeBackTo() {
    LogFormat.JSON.apply(context);
    LogFormat.JSON.apply(context);
    LogFormat.TEXT.apply(context);
    log.info("plain");
    assertThat(lines()).containsExactly("INFO  Stage - plain");
  }

  @ParameterizedTest
  @CsvSource({"text, TEXT", "json, JSON", "JSON, JSON", "' json ', JSON"})
  void parsesTheKeysValues(String value, LogFormat format) {
    assertThat(LogFormat.parse(value)).isEqualTo(format);
  }

  @Test
  void refusesAnythingElseAndTheEnvironmentIgnoresIt() {
    assertThatThrownBy(() -> LogFormat.parse("xml"))
        .hasMessageContaining("expected text or json, got 'xml'");
    assertThat(LogFormat.fromEnvironment("xml")).isEmpty();
    assertThat(LogFormat.fromEnvironment(null)).isEmpty();
    assertThat(LogFormat.fromEnvironment("json")).contains(LogFormat.JSON);
  }
}
