package org.sitewatch.infra.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * How log lines are written ({@code log.format}): as text ({@link LogSetup#PATTERN}), or one JSON
 * object per line (logback's {@link JsonEncoder}) for log shippers.
 *
 * <p>Logging starts before the configuration is read, so the format is switched afterwards, on the
 * appenders of the root logger: each output appender gets a JSON encoder, and its text encoder is
 * kept in the logger context so that switching back restores it.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The environment variable that also sets {@code log.format} for the very first lines. */
  public static final String ENV = "SITEWATCH_LOG_FORMAT";

  private static final String TEXT_ENCODER = "sitewatch.text-encoder.";

  /**
   * Parses {@code text} or {@code json}, in any case.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static LogFormat parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("expected text or json, got '" + value + "'");
    };
  }

  /**
   * The format the environment asks for ({@value #ENV}), if it names one; applied before anything
   * is logged.
   */
  public static Optional<LogFormat> fromEnvironment(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // the configuration load names the bad value
    }
  }

  /** Applies this format to the process's logback context, if logback is the binding. */
  public void applyToProcess() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      apply(context);
    }
  }

  /** Switches every output appender of {@code context}'s root logger to this format. */
  public void apply(LoggerContext context) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out) {
        switchEncoder(context, out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void switchEncoder(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender) {
    Encoder<ILoggingEvent> current = appender.getEncoder();
    String key = TEXT_ENCODER + appender.getName();
    Encoder<ILoggingEvent> next;
    if (this == JSON) {
      if (current instanceof JsonEncoder) {
        return;
      }
      context.putObject(key, current);
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithFormattedMessage(true);
      json.setWithMessage(false); // the formatted message says it; the pattern and arguments
      json.setWithArguments(false); // would say it twice
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.start();
      next = json;
    } else {
      Object saved = context.getObject(key);
      if (!(current instanceof JsonEncoder) || saved == null) {
        return;
      }
      next = (Encoder<ILoggingEvent>) saved;
    }
    // a reference swap: each line is encoded whole by one encoder or the other; stopping the
    // appender instead would close a stream that could not be reopened
    appender.setEncoder(next);
  }
}
