package org.sitewatch.infra.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The logging set-up of every {@code sitewatch} process, in code rather than a {@code logback.xml}:
 * reading and interpreting the XML took about 0.3 s of the main thread and as much again of the JIT
 * at each start, more than the rest of a short command's work. Found by logback through {@code
 * META-INF/services}; a file given with {@code -Dlogback.configurationFile=FILE}, or a {@code
 * logback.xml} / {@code logback-test.xml} on the class path, still wins.
 *
 * <p>Logs go to stderr, so that stdout carries only what the command prints (leads, JSON lines);
 * {@code org.sitewatch} logs at {@code SITEWATCH_LOG_LEVEL} (system property, else environment
 * variable; default {@code INFO}), the rest at {@code WARN} and the chattiest libraries higher.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** The text pattern of every log line ({@link LogFormat#TEXT}). */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";

  static final String LEVEL_VARIABLE = "SITEWATCH_LOG_LEVEL";

  /** Logback's own property naming a configuration file, which then replaces this set-up. */
  static final String CONFIG_FILE_PROPERTY = "logback.configurationFile";

  /** Logback's property naming a serialized configuration model, which also replaces it. */
  static final String SERIALIZED_MODEL_PROPERTY = "logback.serializedModelFile";

  /** Levels of loggers other than the root ({@code WARN}) and {@code org.sitewatch}. */
  static final Map<String, Level> LEVELS =
      Map.ofEntries(
          Map.entry("org.apache.kafka", Level.WARN),
          Map.entry("kafka", Level.WARN),
          // repeats while the embedded broker creates __consumer_offsets for the first group
          Map.entry("org.apache.kafka.server.DefaultAutoTopicCreationManager", Level.ERROR),
          Map.entry("org.apache.kafka.clients.NetworkClient", Level.ERROR),
          Map.entry("org.apache.kafka.clients.consumer.internals", Level.ERROR),
          Map.entry("org.apache.kafka.streams.processor.internals", Level.ERROR),
          Map.entry("io.zonky", Level.WARN),
          Map.entry("org.flywaydb", Level.WARN),
          Map.entry("com.zaxxer.hikari", Level.WARN),
          Map.entry("edu.uci.ics.crawler4j", Level.WARN),
          Map.entry("org.hsqldb", Level.WARN),
          Map.entry("hsqldb", Level.WARN));

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return configure(context, LogSetup.class.getClassLoader());
  }

  /** {@link #configure(LoggerContext)} with the class path seen through {@code loader}. */
  ExecutionStatus configure(LoggerContext context, ClassLoader loader) {
    if (replacedByFile(loader)) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    setUp(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Stderr appender with {@link #PATTERN}, root at WARN, the levels of {@link #LEVELS}. */
  static void setUp(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger("org.sitewatch").setLevel(sitewatchLevel());
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }

  /**
   * Whether logback's own configuration should run instead: a file named by {@code
   * -Dlogback.configurationFile}, a serialized model, or a {@code logback-test.xml} / {@code
   * logback.xml} that someone put on the class path (an operator's file in the image, a module's
   * test configuration). None ships in the jar.
   */
  static boolean replacedByFile(ClassLoader loader) {
    if (System.getProperty(CONFIG_FILE_PROPERTY) != null
        || System.getProperty(SERIALIZED_MODEL_PROPERTY) != null) {
      return true;
    }
    return loader != null
        && (loader.getResource("logback-test.xml") != null
            || loader.getResource("logback.xml") != null);
  }

  /** As logback.xml's {@code ${SITEWATCH_LOG_LEVEL:-INFO}}: an unknown name means DEBUG. */
  static Level sitewatchLevel() {
    String value = System.getProperty(LEVEL_VARIABLE);
    if (value == null) {
      value = System.getenv(LEVEL_VARIABLE);
    }
    return value == null || value.isEmpty() ? Level.INFO : Level.toLevel(value.strip());
  }
}
