package org.sitewatch.crawler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the transactional crawl-state store handles its producer's failures, with Kafka's mock
 * producer: a timed-out commit is retried (Kafka refuses an abort then), a producer that can never
 * write again is replaced for the next batch, abort never throws, and the transactions are
 * initialised when the store opens.
 */
class KafkaCrawlStateTest {
  private final List<FlakyProducer> producers = new CopyOnWriteArrayList<>();
  private final KafkaCrawlState state =
      new KafkaCrawlState(
          Map.of("bootstrap.servers", "127.0.0.1:9"),
          "sitewatch.crawl-state",
          "sitewatch.outcomes",
          "sitewatch-crawler-state-test",
          props -> {
            FlakyProducer p = new FlakyProducer();
            producers.add(p);
            return p;
          });

  @AfterEach
  void close() {
    state.close(Duration.ZERO);
  }

  @Test
  void aCommitThatTimesOutIsRetriedUntilTheBrokerAcknowledgesIt() {
    state.begin();
    producers.get(0).commitTimeouts.set(2);

    state.commit();

    assertThat(producers.get(0).transactionCommitted()).isTrue();
    assertThat(producers.get(0).commitCalls.get()).isEqualTo(3);
  }

  @Test
  void aFencedProducerIsReplacedByANewOneForTheNextBatch() {
    state.begin();
    producers.get(0).fenceProducer();
    assertThatThrownBy(state::commit).isInstanceOf(ProducerFencedException.class);

    state.abort();
    state.begin();
    state.commit();

    assertThat(producers).hasSize(2);
    assertThat(producers.get(0).closed()).isTrue();
    assertThat(producers.get(1).transactionInitialized()).isTrue();
    assertThat(producers.get(1).transactionCommitted()).isTrue();
  }

  @Test
  void aProducerThatCouldNotInitialiseIsReplacedAndTheNextBatchInitialisesAgain() {
    producers.get(0).initTransactionException =
        new TransactionalIdAuthorizationException("no ACL on the transactional id");
    assertThatThrownBy(state::begin).isInstanceOf(TransactionalIdAuthorizationException.class);

    state.abort();
    state.begin();
    state.commit();

    assertThat(producers).hasSize(2);
    assertThat(producers.get(1).transactionCommitted()).isTrue();
  }

  @Test
  void abortNeverThrowsEvenWhenKafkaRefusesIt() {
    state.begin();
    producers.get(0).abortTransactionException =
        new IllegalStateException("a commit is pending: retry it");

    state.abort();

    assertThat(producers).hasSize(2); // and the next batch starts on a new producer
  }

  @Test
  void openingTheStoreInitialisesItsTransactionsSoAPredecessorIsFencedAtStart() {
    state.open();

    assertThat(producers.get(0).transactionInitialized()).isTrue();
  }

  @Test
  void anAbortThatComesBeforeTheOpenMakesTheOpenReturnWithoutWaitingForTheBroker() {
    // a close of the worker between its start's first step and this open: open must not then
    // wait out max.block.ms for a broker that is away
    state.abortOpen();
    state.open();

    assertThat(producers.get(0).transactionInitialized()).isFalse();
  }

  /** A mock producer whose commit can time out a number of times before it succeeds. */
  private static final class FlakyProducer extends MockProducer<String, byte[]>
      implements Producer<String, byte[]> {
    final AtomicInteger commitTimeouts = new AtomicInteger();
    final AtomicInteger commitCalls = new AtomicInteger();

    FlakyProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void commitTransaction() {
      commitCalls.incrementAndGet();
      if (commitTimeouts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new TimeoutException("Timeout expired after 60000ms awaiting EndTxn(true)");
      }
      super.commitTransaction();
    }
  }
}
