package org.sitewatch.crawler.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;

class KafkaEmitterTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private final Topics topics = Topics.withPrefix("unit.");
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final KafkaEmitter emitter =
      new KafkaEmitter(producer, topics, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void sendsARejectionReportedOnTheProducerThreadFromTheFlushingThreadBeforeFlushReturns()
      throws Exception {
    emitter.page(page());
    assertThat(emitter.hasPending()).isTrue();
    // the broker refuses the batch: the callback runs on the producer's I/O thread
    Thread io =
        new Thread(() -> producer.errorNext(new RecordTooLargeException("too large")), "io-thread");
    io.start();
    io.join();
    assertThat(producer.history()).as("nothing is sent from the I/O thread").hasSize(1);
    assertThat(emitter.hasPending()).as("the queued rejection is still due").isTrue();

    emitter.flush();

    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).topic()).isEqualTo(topics.outcomes());
    assertThat(sent.get(1).key()).isEqualTo("alpha-shop.test");
    Outcome rejected =
        JsonSerde.of(Outcome.class).deserialize(topics.outcomes(), sent.get(1).value());
    assertThat(rejected.kind()).isEqualTo(Outcome.Kind.CONTENT_REJECTED);
    assertThat(rejected.url()).isEqualTo("http://alpha-shop.test/");
    assertThat(rejected.reason()).contains("too large for topic unit.pages");
    assertThat(emitter.hasPending()).isFalse();
  }

  @Test
  void aPageWaitsWhileTheBoundOfUnacknowledgedPagesIsReachedAndOutcomesNever() throws Exception {
    KafkaEmitter bounded = new KafkaEmitter(producer, topics, Clock.fixed(NOW, ZoneOffset.UTC), 2);
    bounded.page(page());
    bounded.page(page());
    Thread third = new Thread(() -> bounded.page(page()), "fetch-thread");
    third.setDaemon(true);
    third.start();
    await()
        .until(
            third::getState,
            state -> state == Thread.State.WAITING || state == Thread.State.TERMINATED);
    assertThat(third.getState())
        .as("the third page waits for an acknowledgement")
        .isEqualTo(Thread.State.WAITING);
    assertThat(producer.history()).as("the third page is not sent yet").hasSize(2);
    bounded.outcome(
        Outcome.of("alpha-shop.test", null, Outcome.Stage.CRAWLER, Outcome.Kind.SKIPPED, "x", NOW));
    assertThat(producer.history()).as("outcomes are not held back").hasSize(3);

    producer.completeNext();
    third.join(10_000);
    assertThat(third.isAlive()).as("the acknowledgement lets the third page go").isFalse();
    assertThat(producer.history()).hasSize(4);
  }

  @Test
  void refusesToFlushWhenARecordWasLost() {
    emitter.outcome(
        Outcome.of(
            "alpha-shop.test", null, Outcome.Stage.CRAWLER, Outcome.Kind.SKIPPED, "recent", NOW));
    producer.errorNext(new TimeoutException("broker unreachable"));
    assertThatThrownBy(emitter::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not be published")
        .hasMessageContaining("broker unreachable");
  }

  @Test
  void aBoundedFlushSaysWhetherEverythingWasAcknowledgedWithoutWaitingForTheBroker() {
    emitter.page(page());
    assertThat(emitter.flush(Duration.ofMillis(50))).as("broker silent").isFalse();

    producer.completeNext();
    assertThat(emitter.flush(Duration.ZERO)).isTrue();

    emitter.page(page());
    producer.errorNext(new TimeoutException("broker unreachable"));
    assertThatThrownBy(() -> emitter.flush(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not be published");
  }

  @Test
  void aBoundedFlushWaitsForTheRecordsSentBeforeItAndNotForThoseSentMeanwhile() throws Exception {
    emitter.page(page());
    AtomicReference<Boolean> acknowledged = new AtomicReference<>();
    Thread flusher = flushing(acknowledged);
    // other site crawls keep sending while the flush waits; the broker has not answered them yet
    emitter.page(page());
    emitter.outcome(
        Outcome.of("beta-shop.test", null, Outcome.Stage.CRAWLER, Outcome.Kind.SKIPPED, "x", NOW));

    producer.completeNext(); // only the page sent before the flush

    flusher.join(60_000);
    assertThat(flusher.isAlive()).isFalse();
    assertThat(acknowledged.get()).as("acknowledged, not timed out").isTrue();
    assertThat(emitter.hasPending()).as("the later records are still due").isTrue();
    assertThat(emitter.flush(Duration.ZERO)).as("a new flush waits for them").isFalse();
    producer.completeNext();
    producer.completeNext();
    assertThat(emitter.flush(Duration.ZERO)).isTrue();
  }

  @Test
  void aBoundedFlushStillRefusesWhenARecordSentMeanwhileWasLost() throws Exception {
    emitter.page(page());
    AtomicReference<Boolean> acknowledged = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread flusher = flushing(acknowledged);
    flusher.setUncaughtExceptionHandler((t, e) -> thrown.set(e));
    // an outcome sent after the flush began is lost, then the page is acknowledged
    producer.sendException = new TimeoutException("broker unreachable");
    emitter.outcome(
        Outcome.of("beta-shop.test", null, Outcome.Stage.CRAWLER, Outcome.Kind.SKIPPED, "x", NOW));
    producer.sendException = null;
    producer.completeNext();

    flusher.join(60_000);
    assertThat(flusher.isAlive()).isFalse();
    assertThat(thrown.get())
        .as("no commit past a lost record")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("could not be published");
  }

  @Test
  void aBoundedFlushWaitsForTheRejectionThatReplacesAPageSentBeforeIt() throws Exception {
    emitter.page(page());
    AtomicReference<Boolean> acknowledged = new AtomicReference<>();
    Thread flusher = flushing(acknowledged);

    // the broker refuses the page; the flushing thread sends its CONTENT_REJECTED outcome
    producer.errorNext(new RecordTooLargeException("too large"));
    await().until(() -> producer.history().size() == 2);
    await()
        .until(
            flusher::getState,
            state -> state == Thread.State.TIMED_WAITING || state == Thread.State.TERMINATED);
    assertThat(flusher.getState())
        .as("the flush waits for the outcome that replaces the page")
        .isEqualTo(Thread.State.TIMED_WAITING);
    assertThat(producer.history().get(1).topic()).isEqualTo(topics.outcomes());

    producer.completeNext();
    flusher.join(60_000);
    assertThat(flusher.isAlive()).isFalse();
    assertThat(acknowledged.get()).isTrue();
    assertThat(emitter.hasPending()).isFalse();
  }

  /** Starts a bounded flush on another thread and returns once it waits for the broker. */
  private Thread flushing(AtomicReference<Boolean> result) {
    Thread flusher =
        new Thread(() -> result.set(emitter.flush(Duration.ofSeconds(10))), "consumer-thread");
    flusher.setDaemon(true);
    flusher.start();
    await()
        .until(
            flusher::getState,
            state -> state == Thread.State.TIMED_WAITING || state == Thread.State.TERMINATED);
    assertThat(flusher.getState())
        .as("the flush waits for the broker")
        .isEqualTo(Thread.State.TIMED_WAITING);
    return flusher;
  }

  @Test
  void aFetchThreadWaitingForRoomSendsItsPageOnceTheWorkerIsStopping() throws Exception {
    KafkaEmitter bounded = new KafkaEmitter(producer, topics, Clock.fixed(NOW, ZoneOffset.UTC), 2);
    bounded.page(page());
    bounded.page(page());
    Thread third = new Thread(() -> bounded.page(page()), "fetch-thread");
    third.setDaemon(true);
    third.start();
    await()
        .until(
            third::getState,
            state -> state == Thread.State.WAITING || state == Thread.State.TERMINATED);
    assertThat(producer.history()).as("the third page waits for room").hasSize(2);

    bounded.stopping(); // the broker never answers

    third.join(10_000);
    assertThat(third.isAlive()).as("the stop lets the third page go").isFalse();
    assertThat(producer.history()).hasSize(3);
    bounded.page(page());
    assertThat(producer.history()).as("and every later one").hasSize(4);
  }

  @Test
  void computesTheRequestSizeLimitWithoutOverflow() {
    assertThat(KafkaEmitter.maxRequestSize(1024)).isEqualTo(1024 * 1024);
    assertThat(KafkaEmitter.maxRequestSize(CrawlerSettings.MAX_BODY_BYTES_LIMIT))
        .isEqualTo(4 * 64 * 1024 * 1024 + 64 * 1024);
    assertThat(KafkaEmitter.maxRequestSize(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(KafkaEmitter.maxRequestSize(1 << 30)).isEqualTo(Integer.MAX_VALUE);
  }

  private static FetchedPage page() {
    return new FetchedPage(
        FetchedPage.VERSION,
        "alpha-shop.test",
        "http://alpha-shop.test/",
        "http://alpha-shop.test/",
        200,
        Map.of(),
        NOW,
        "127.0.0.1",
        "text/html",
        "UTF-8",
        "<html><body>adult videos</body></html>",
        false,
        "0".repeat(64),
        38,
        0,
        List.of());
  }
}
