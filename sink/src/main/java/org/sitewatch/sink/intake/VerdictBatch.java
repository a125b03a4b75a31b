package org.sitewatch.sink.intake;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.LeadStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the lead sink does with one polled batch of verdict records: decodes them, bounds the
 * evidence behind their conducts ({@link ConductReasonBounds}), applies the verdicts through the
 * store in one transaction, publishes an outcome for each record it could not read or apply, and
 * tells the listener about every opened or updated lead. Throws when the batch must be retried as a
 * whole (the database is unavailable, or the outcomes were not delivered); the consumer loop then
 * seeks back and backs off.
 */
final class VerdictBatch {
  private static final Logger log = LoggerFactory.getLogger(VerdictBatch.class);

  private final LeadStore store;
  private final Producer<String, Outcome> producer;
  private final Topics topics;
  private final Clock clock;
  private final LeadListener listener;
  private final VerdictDecoder decoder = new VerdictDecoder();
  private final SinkMeters meters;
  // Records counted by an attempt whose batch then failed (outcomes not delivered): the retry
  // re-applies them (as UNCHANGED) and must not count them again; emptied when a batch succeeds.
  private final Set<Outcomes.Source> counted = new HashSet<>();
  private Set<Outcomes.Source> countedNow = new HashSet<>();

  /** Bound on {@link #counted}: a batch failing for long keeps being the same records. */
  static final int MAX_COUNTED = 100_000;

  VerdictBatch(
      LeadStore store,
      Producer<String, Outcome> producer,
      Topics topics,
      Clock clock,
      LeadListener listener,
      SinkMeters meters) {
    this.meters = meters;
    this.store = store;
    this.producer = producer;
    this.topics = topics;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * @throws SQLException if the lead database is unavailable: nothing of the batch was written
   * @throws KafkaException if the outcomes were not delivered (the leads are committed; redelivery
   *     re-applies them as UNCHANGED and retries the outcomes)
   */
  void handle(ConsumerRecords<String, byte[]> records) throws SQLException {
    countedNow = new HashSet<>();
    boolean done = false;
    try {
      apply(records);
      done = true;
    } finally {
      if (done) {
        counted.clear();
      } else {
        if (counted.size() + countedNow.size() > MAX_COUNTED) {
          counted.clear();
        }
        counted.addAll(countedNow);
      }
    }
  }

  /**
   * Whether the meters are to count the result of the record at {@code source}: once per record,
   * however often its batch is retried (a retry after the outcomes failed re-applies the verdicts
   * as UNCHANGED, and the leads and fetch-to-lead meters would count them twice).
   */
  private boolean firstCount(Outcomes.Source source) {
    countedNow.add(source);
    return !counted.contains(source);
  }

  private void apply(ConsumerRecords<String, byte[]> records) throws SQLException {
    List<SiteVerdict> verdicts = new ArrayList<>();
    List<Outcomes.Source> sources = new ArrayList<>();
    List<List<String>> cuts = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Outcomes.Source source =
          new Outcomes.Source(record.topic(), record.partition(), record.offset());
      VerdictDecoder.Decoded decoded =
          decoder.decode(record.key(), record.value(), source, clock.instant());
      if (decoded.verdict() != null) {
        ConductReasonBounds.Bounded bounded = ConductReasonBounds.bound(decoded.verdict());
        verdicts.add(bounded.verdict());
        sources.add(source);
        cuts.add(bounded.cuts());
      } else {
        outcomes.add(decoded.outcome());
        if (decoded.outcome().kind() == Outcome.Kind.BAD_RECORD && firstCount(source)) {
          meters.rejected(SinkMeters.Rejection.UNREADABLE);
        }
      }
    }

    List<LeadStore.Applied> applied;
    try {
      applied = verdicts.isEmpty() ? List.of() : store.applyAll(verdicts);
    } catch (SQLException | RuntimeException e) {
      meters.dbError();
      throw e;
    }
    Instant committed = clock.instant();
    for (int i = 0; i < applied.size(); i++) {
      LeadStore.Applied one = applied.get(i);
      boolean count = firstCount(sources.get(i));
      if (one.failure() != null) {
        meters.dbError();
        if (count) {
          meters.rejected(SinkMeters.Rejection.DB_REJECTED);
        }
        log.warn(
            "verdict for {} revision {} rejected by the database: {}",
            printable(one.verdict().site()),
            one.verdict().revision(),
            one.failure().getMessage());
        outcomes.add(
            Outcomes.rejected(one.verdict(), one.failure(), sources.get(i), clock.instant()));
      } else if (one.result() == ApplyResult.REFUSED) {
        if (count) {
          meters.applied(one.verdict(), one.result(), committed);
          meters.rejected(SinkMeters.Rejection.REFUSED);
        }
        log.warn(
            "verdict for {} epoch {} revision {} refused: {}",
            printable(one.verdict().site()),
            one.verdict().epoch(),
            one.verdict().revision(),
            one.refusal());
        outcomes.add(
            Outcomes.refused(one.verdict(), one.refusal(), sources.get(i), clock.instant()));
      } else {
        if (count) {
          meters.applied(one.verdict(), one.result(), committed);
        }
        if (one.result().changed() && !cuts.get(i).isEmpty()) {
          // said once, when the trimmed verdict changed the lead, not again on each replay
          outcomes.add(
              Outcomes.trimmed(one.verdict(), cuts.get(i), sources.get(i), clock.instant()));
        }
        if (one.result().changed()) {
          log.info(
              "lead {} {} by verdict revision {} trace={}",
              printable(one.verdict().site()),
              one.result() == ApplyResult.OPENED ? "opened" : "updated",
              one.verdict().revision(),
              one.verdict().traceId());
          notifyListener(one.lead(), one.result());
        }
      }
    }
    if (!outcomes.isEmpty()) {
      publish(outcomes);
    }
  }

  private void notifyListener(Lead lead, ApplyResult result) {
    try {
      listener.onLead(lead, result);
    } catch (RuntimeException e) {
      log.warn("lead listener failed for {}", lead.site(), e);
    }
  }

  private void publish(List<Outcome> outcomes) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      sent.add(producer.send(new ProducerRecord<>(topics.outcomes(), outcome.site(), outcome)));
    }
    producer.flush();
    for (Future<RecordMetadata> future : sent) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new KafkaException(
            "outcome not delivered: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while publishing outcomes", e);
      }
    }
  }

  /** Keeps control characters from bad data out of the log. */
  private static String printable(String text) {
    return text.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
