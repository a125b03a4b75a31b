package org.sitewatch.classifier.topology;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the classifier running past a record one of its processors fails on: the record is skipped
 * and an {@link Outcome} of kind {@code SCORE_FAILED} naming the processor and the error goes to
 * the outcomes topic, keyed by the record's site. Configured by {@link
 * ClassifierApp#streamsProperties} with the same settings as {@link BadRecordHandler}.
 */
public final class FailedProcessingHandler implements ProcessingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FailedProcessingHandler.class);

  private final HandlerOutcomes outcomes = new HandlerOutcomes();

  /** Kafka Streams creates the handler reflectively and then calls {@link #configure}. */
  public FailedProcessingHandler() {}

  @Override
  public void configure(Map<String, ?> configs) {
    outcomes.configure(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String node = context == null ? "?" : context.processorNodeId();
    LOG.error("skipping a record that processor {} failed on", node, exception);
    if (outcomes.topic() == null) {
      return Response.resume();
    }
    String site =
        record != null && record.key() instanceof String key
            ? BadRecordHandler.siteOf(
                Bounds.text(key, Bounds.MAX_SITE_CHARS).getBytes(StandardCharsets.UTF_8))
            : BadRecordHandler.UNKNOWN_SITE;
    Outcome outcome =
        new Outcome(
            Outcome.VERSION,
            site,
            null,
            Outcome.Stage.CLASSIFIER,
            Outcome.Kind.SCORE_FAILED,
            Bounds.text("processor " + node + " failed: " + exception, Bounds.MAX_DETAIL_CHARS),
            outcomes.now(),
            Map.of("processor", Bounds.label(node)));
    return Response.resume(outcomes.recordOf(outcome));
  }
}
