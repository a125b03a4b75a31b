package org.sitewatch.classifier.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the classifier running past a record it cannot write (too large for the topic, not
 * serializable): the record is dropped and an {@link Outcome} of kind {@code OTHER} naming the
 * topic, size and error goes to the outcomes topic, keyed like the record. The bounds of {@link
 * Bounds} and {@link SiteState#MAX_STATE_BYTES} should make this unreachable; this is the guard
 * behind them, so that one record never becomes a dead stream thread. Configured by {@link
 * ClassifierApp#streamsProperties} with the same settings as {@link BadRecordHandler}.
 */
public final class UnwritableRecordHandler implements ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UnwritableRecordHandler.class);

  private final HandlerOutcomes outcomes = new HandlerOutcomes();

  /** Kafka Streams creates the handler reflectively and then calls {@link #configure}. */
  public UnwritableRecordHandler() {}

  @Override
  public void configure(Map<String, ?> configs) {
    outcomes.configure(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    return dropped(
        record.topic(),
        record.key(),
        record.value() == null ? 0 : record.value().length,
        exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    byte[] key = record.key() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    return dropped(record.topic(), key, -1, exception);
  }

  private Response dropped(String topic, byte[] key, int bytes, Exception exception) {
    LOG.error(
        "dropping a record for {} ({} bytes) that cannot be written: {}",
        topic,
        bytes,
        exception.toString());
    if (outcomes.topic() == null || outcomes.topic().equals(topic)) {
      return Response.resume();
    }
    String site = BadRecordHandler.siteOf(key);
    Outcome outcome =
        new Outcome(
            Outcome.VERSION,
            site,
            null,
            Outcome.Stage.CLASSIFIER,
            Outcome.Kind.OTHER,
            Bounds.text(
                "record for " + topic + " not written: " + exception, Bounds.MAX_DETAIL_CHARS),
            outcomes.now(),
            Map.of("topic", Bounds.label(topic), "bytes", Integer.toString(bytes)));
    return Response.resume(outcomes.recordOf(outcome));
  }
}
