package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.events.Topics;

class ClassifierAppTest {
  private final Clock clock = Clock.systemUTC();

  @Test
  void configuresApplicationIdClientIdAndTheBadRecordHandler() {
    Properties props =
        ClassifierApp.streamsProperties(
            ClassifierSettings.defaults(),
            Map.of(
                "bootstrap.servers", "127.0.0.1:9", StreamsConfig.APPLICATION_ID_CONFIG, "other"),
            Topics.defaults(),
            clock);
    assertThat(props)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "sitewatch-classifier")
        .containsEntry(StreamsConfig.CLIENT_ID_CONFIG, "sitewatch-classifier")
        .containsEntry(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            BadRecordHandler.class.getName())
        .containsEntry(BadRecordHandler.OUTCOMES_TOPIC_CONFIG, "sitewatch.outcomes")
        .containsEntry("bootstrap.servers", "127.0.0.1:9");
  }

  @Test
  void isCreatedUntilStartedAndNotRunningOnceClosed() {
    ClassifierApp app =
        new ClassifierApp(
            ClassifierSettings.defaults(),
            Map.of("bootstrap.servers", "127.0.0.1:9"),
            Topics.defaults(),
            clock);
    assertThat(app.state()).isEqualTo(KafkaStreams.State.CREATED);
    app.close();
    assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class);
  }

  /**
   * With the brokers away, {@link ClassifierApp#start()} waits up to 30 s to learn whether the
   * lexicon topic exists; {@link ClassifierApp#close()} from another thread (a stop during
   * start-up) ends that wait instead of waiting for it, and the start fails saying so. Port 9 of
   * loopback: nothing listens there.
   */
  @Test
  void closeFromAnotherThreadEndsAStartThatWaitsForTheBrokers() throws Exception {
    ClassifierApp app =
        new ClassifierApp(
            ClassifierSettings.defaults(),
            Map.of("bootstrap.servers", "127.0.0.1:9"),
            Topics.defaults(),
            clock);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                app.start();
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "classifier-start");
    starter.start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Arrays.stream(starter.getStackTrace())
                      .anyMatch(f -> f.getMethodName().equals("lexiconTopicExists")));
      app.close();
      starter.join(Duration.ofSeconds(20).toMillis()); // a bound against a hang, not a figure
      assertThat(starter.isAlive()).isFalse();
      assertThat(failure.get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed while starting");
      assertThat(app.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    } finally {
      app.close();
      starter.interrupt();
    }
  }

  @Test
  void refusesToStartWithoutBootstrapServers() {
    assertThatThrownBy(
            () ->
                new ClassifierApp(
                    ClassifierSettings.defaults(), Map.of(), Topics.defaults(), clock))
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void validatesSettings() {
    assertThatThrownBy(() -> ClassifierSettings.builder().pageThreshold(0).build())
        .hasMessageContaining("pageThreshold");
    assertThatThrownBy(() -> ClassifierSettings.builder().applicationId("bad id").build())
        .hasMessageContaining("applicationId");
  }

  @Test
  void runsExactlyOnceByDefaultUnlessTheSettingsOrTheKafkaPropertiesSayOtherwise() {
    Topics topics = Topics.withPrefix("t.");
    Map<String, Object> kafka = Map.of("bootstrap.servers", "127.0.0.1:9");
    ClassifierSettings exactlyOnce = ClassifierSettings.defaults();
    ClassifierSettings atLeastOnce = exactlyOnce.withExactlyOnce(false);
    assertThat(
            ClassifierApp.streamsProperties(atLeastOnce, kafka, topics, Clock.systemUTC())
                .get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    assertThat(
            ClassifierApp.streamsProperties(exactlyOnce, kafka, topics, Clock.systemUTC())
                .get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(
            ClassifierApp.streamsProperties(
                    exactlyOnce,
                    Map.of(
                        "bootstrap.servers",
                        "127.0.0.1:9",
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                        StreamsConfig.AT_LEAST_ONCE),
                    topics,
                    Clock.systemUTC())
                .get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.AT_LEAST_ONCE);
  }

  @Test
  void aBadKafkaStreamsPropertyFailsConstructionWithoutLeavingAProducerRunning() {
    ClassifierSettings settings = ClassifierSettings.builder().applicationId("leak-check").build();
    assertThatThrownBy(
            () ->
                new ClassifierApp(
                    settings,
                    Map.of("bootstrap.servers", "127.0.0.1:9", "commit.interval.ms", "soon"),
                    Topics.defaults(),
                    clock))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("commit.interval.ms");
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.contains("leak-check-lexicon-outcomes"));
  }
}
