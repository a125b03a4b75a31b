package org.sitewatch.classifier.topology;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the classifier running past records it cannot read (bad JSON, failed validation): logs them
 * and, when {@link #OUTCOMES_TOPIC_CONFIG} is set, writes an {@link Outcome} of kind {@code
 * BAD_RECORD} to the outcomes topic (through Kafka Streams' dead-letter mechanism), keyed like the
 * bad record. Kafka Streams instantiates it from the {@code deserialization.exception.handler}
 * setting that {@link ClassifierApp#streamsProperties} writes.
 */
public final class BadRecordHandler implements DeserializationExceptionHandler {
  /** Topic to write BAD_RECORD outcomes to; absent means log only. */
  public static final String OUTCOMES_TOPIC_CONFIG = "sitewatch.classifier.outcomes.topic";

  /** Optional {@link Clock} instance for outcome timestamps; the system UTC clock by default. */
  public static final String CLOCK_CONFIG = "sitewatch.classifier.clock";

  static final String UNKNOWN_SITE = "unknown";
  private static final Logger LOG = LoggerFactory.getLogger(BadRecordHandler.class);
  private static final int MAX_REASON = 500;

  private final HandlerOutcomes outcomes = new HandlerOutcomes();
  private ClassifierMeters meters;

  /** Kafka Streams creates the handler reflectively and then calls {@link #configure}. */
  public BadRecordHandler() {}

  @Override
  public void configure(Map<String, ?> configs) {
    outcomes.configure(configs);
    if (configs.get(ClassifierMeters.CONFIG) instanceof ClassifierMeters m) {
      meters = m;
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    LOG.warn("skipping unreadable record {}: {}", where, exception.toString());
    if (meters != null) {
      meters.rejected(ClassifierMeters.Rejection.UNREADABLE);
    }
    if (outcomes.topic() == null) {
      return Response.resume();
    }
    String site = siteOf(record.key());
    String reason = "cannot read record " + where + ": " + exception.getMessage();
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON) + "…";
    }
    Outcome outcome =
        new Outcome(
            Outcome.VERSION,
            site,
            null,
            Outcome.Stage.CLASSIFIER,
            Outcome.Kind.BAD_RECORD,
            reason,
            outcomes.now(),
            Map.of(
                "topic",
                record.topic(),
                "partition",
                Integer.toString(record.partition()),
                "offset",
                Long.toString(record.offset())));
    return Response.resume(outcomes.recordOf(outcome));
  }

  static String siteOf(byte[] key) {
    if (key == null || key.length == 0 || key.length > 512) {
      return UNKNOWN_SITE;
    }
    try {
      String site =
          StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(key)).toString();
      return site.isBlank() ? UNKNOWN_SITE : site;
    } catch (CharacterCodingException e) {
      return UNKNOWN_SITE;
    }
  }
}
