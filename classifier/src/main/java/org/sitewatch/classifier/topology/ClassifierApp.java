package org.sitewatch.classifier.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.common.kafka.GroupFailover;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running classifier: the {@link SitewatchTopology} in a {@link KafkaStreams} instance with the
 * application id of the settings, unreadable records handled by {@link BadRecordHandler}, and a
 * stream thread that dies replaced. Threads are named after the application id (Kafka Streams
 * derives them from {@code client.id}).
 */
public final class ClassifierApp implements AutoCloseable {
  /**
   * How long {@link #close()} waits for Kafka Streams to stop. A clean stop with the broker there
   * takes well under a second; with the broker away the stream threads would wait for it (commits,
   * sends) up to the clients' own timeouts, a minute, so the stop is cut here: what was not
   * committed is processed again after the restart, as after a crash.
   */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

  /** How long {@link #close()} waits for the producer of lexicon refusals to send what it holds. */
  static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(1);

  static final int MAX_THREAD_REPLACEMENTS = 3;

  /**
   * {@code num.standby.replicas} unless configured: with two instances or more, each task's state
   * is kept warm on another one, so a failover takes seconds instead of a changelog restore; with
   * one instance there is nowhere to put a standby and it costs nothing.
   */
  static final int STANDBY_REPLICAS = 1;

  /** How long {@link #start()} waits to learn whether the lexicon topic exists. */
  static final Duration LEXICON_TOPIC_CHECK = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ClassifierApp.class);

  private final ClassifierSettings settings;
  private final Map<String, Object> kafkaProps;
  private final Topics topics;
  private final Clock clock;
  private final LiveLexicons lexicons;

  /** Writes the outcomes of refused lexicon records (a global store cannot write to a topic). */
  private final KafkaProducer<String, byte[]> refusals;

  private final Properties properties;
  private final JsonSerde<Outcome> outcomeSerde = JsonSerde.of(Outcome.class);
  private KafkaStreams streams;
  private boolean starting;
  private volatile boolean closed;

  /** The admin client of a lexicon topic check in progress, for close() to end it. */
  private volatile Admin lexiconCheck;

  private final MeterRegistry meters;
  private final ClassifierMeters classifierMeters;
  private KafkaStreamsMetrics streamsMetrics;

  /**
   * Loads the lexicons; nothing connects until {@link #start()}, which builds the topology.
   *
   * @param kafkaProps Kafka Streams properties: {@code bootstrap.servers}, and optionally {@code
   *     state.dir}, {@code commit.interval.ms}, {@code statestore.cache.max.bytes} and the like
   * @throws IllegalArgumentException for a bad lexicon or missing {@code bootstrap.servers}
   * @throws org.apache.kafka.common.config.ConfigException for a bad Kafka property
   */
  public ClassifierApp(
      ClassifierSettings settings, Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    this(settings, kafkaProps, topics, clock, new SimpleMeterRegistry());
  }

  /**
   * As {@link #ClassifierApp(ClassifierSettings, Map, Topics, Clock)}, with the classifier's meters
   * (docs/metrics.md) registered in {@code meters}, the process's registry.
   */
  public ClassifierApp(
      ClassifierSettings settings,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock,
      MeterRegistry meters) {
    Objects.requireNonNull(settings, "settings");
    this.meters = Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(kafkaProps, "kafkaProps");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(clock, "clock");
    if (kafkaProps.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
      throw new IllegalArgumentException("kafkaProps must contain bootstrap.servers");
    }
    Map<String, Object> producerProps = new HashMap<>();
    kafkaProps.forEach(
        (k, v) -> {
          if (ProducerConfig.configNames().contains(k)) {
            producerProps.put(k, v);
          }
        });
    producerProps.put(
        ProducerConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-lexicon-outcomes");
    this.settings = settings;
    this.kafkaProps = new HashMap<>(kafkaProps);
    this.topics = topics;
    this.clock = clock;
    this.lexicons = LiveLexicons.following(settings, this::sendRefusal);
    // the topology is built by start(), which knows whether the lexicon topic exists
    this.classifierMeters = new ClassifierMeters(meters, topics.pages(), clock);
    this.properties = streamsProperties(settings, kafkaProps, topics, clock);
    properties.put(ClassifierMeters.CONFIG, classifierMeters);
    new StreamsConfig(properties); // a bad Kafka Streams property fails here, not at start
    // last: nothing after it can fail and leave its network thread running
    this.refusals =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
    LOG.info("classifier ready: built-in lexicon {}", lexicons.get().lexiconVersion());
  }

  /**
   * The Kafka Streams properties the app runs with: {@code kafkaProps}, then {@code application.id}
   * from the settings, {@code client.id} (if not given), {@code processing.guarantee} from {@link
   * ClassifierSettings#exactlyOnce()} (if not given), and the {@link BadRecordHandler} and {@link
   * UnwritableRecordHandler} with the outcomes topic and clock. Tests pass the same to {@code
   * TopologyTestDriver}.
   */
  public static Properties streamsProperties(
      ClassifierSettings settings, Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    Properties props = new Properties();
    props.putAll(kafkaProps);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.putIfAbsent(StreamsConfig.CLIENT_ID_CONFIG, settings.applicationId());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        BadRecordHandler.class.getName());
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        UnwritableRecordHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        FailedProcessingHandler.class.getName());
    // a replay after a crash must not count pages twice; a broker without transactions (or a
    // dev broker with a transaction log it cannot replicate) can opt out with at_least_once
    props.putIfAbsent(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        settings.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    props.put(BadRecordHandler.OUTCOMES_TOPIC_CONFIG, topics.outcomes());
    props.put(BadRecordHandler.CLOCK_CONFIG, clock);
    // Kafka 5 turns this on by default; opting in now keeps behaviour stable across the upgrade.
    props.putIfAbsent("processing.exception.handler.global.enabled", true);
    // failover in seconds: a dead instance's tasks move after 10 s, not Kafka's 45 s, and with a
    // second instance its state is there already (a standby), not restored from the changelog
    GroupFailover.applyDefaults(props);
    props.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, STANDBY_REPLICAS);
    return props;
  }

  /**
   * Starts processing. May be called once. When the lexicon topic exists, returns once it has been
   * read to its end (the first pages are scored with the operator lexicons in force, not with the
   * built-ins alone); when it does not, the classifier runs on the built-in lexicons and the extra
   * file, with a warning, and follows no lexicon topic until it is restarted.
   *
   * @throws IllegalStateException when it cannot be learnt within 30 seconds whether the lexicon
   *     topic exists (e.g. the brokers cannot be reached, or the principal may not describe it), or
   *     when {@link #close()} came meanwhile
   */
  public void start() {
    synchronized (this) {
      if (closed || starting) {
        throw new IllegalStateException("classifier already started or closed");
      }
      starting = true;
    }
    // a global store's topic must exist for Kafka Streams to start, so the store is left out when
    // the lexicon topic is missing, as the classifier ran before the store existed; the check runs
    // without the lock: close() from another thread (a stop during start-up) ends it instead of
    // waiting for it (up to 30 s with the brokers away)
    boolean followLexicons = lexiconTopicExists();
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("classifier closed while starting");
      }
      startStreams(followLexicons);
    }
  }

  private void startStreams(boolean followLexicons) {
    if (!followLexicons) {
      LOG.warn(
          "lexicon topic {} does not exist: scoring with {} (built-in lexicons and the extra file)"
              + " only; create the topic and restart the classifier to follow it",
          topics.lexicons(),
          lexicons.get().lexiconVersion());
    }
    Topology topology =
        SitewatchTopology.build(
            topics, lexicons, settings, clock, followLexicons, classifierMeters);
    streams = new KafkaStreams(topology, properties);
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(meters);
    classifierMeters.watch(streams);
    AtomicInteger failures = new AtomicInteger();
    streams.setUncaughtExceptionHandler(
        e -> {
          // A failure that recurs on the same record would otherwise replace threads forever.
          if (failures.incrementAndGet() > MAX_THREAD_REPLACEMENTS) {
            LOG.error("stream thread failed {} times; stopping the classifier", failures.get(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          LOG.error("stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
  }

  /** The Kafka Streams state; {@code CREATED} before {@link #start()}. */
  public synchronized KafkaStreams.State state() {
    if (streams == null) {
      return closed ? KafkaStreams.State.NOT_RUNNING : KafkaStreams.State.CREATED;
    }
    return streams.state();
  }

  /**
   * Whether the application is processing or about to: false once Kafka Streams has stopped or
   * failed (a process supervisor should then restart it).
   */
  public synchronized boolean isRunning() {
    KafkaStreams.State state = state();
    return state == KafkaStreams.State.CREATED || state.isRunningOrRebalancing();
  }

  /**
   * Stops processing, waiting up to 3 seconds for the threads to finish, and leaves the group, so
   * that the next instance (a restarted all-in-one run on a kept data folder, or a replacement
   * process) gets the partitions at once instead of after the session timeout. During {@link
   * #start()} it ends the lexicon topic check at once (start then fails saying so).
   */
  @Override
  public void close() {
    closed = true;
    Admin check = lexiconCheck;
    if (check != null) {
      check.close(Duration.ZERO); // fails its pending call
    }
    synchronized (this) {
      closeStreams();
    }
  }

  private void closeStreams() {
    try {
      if (streams != null) {
        if (!streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT))) {
          LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        }
      }
    } finally {
      if (streamsMetrics != null) {
        streamsMetrics.close();
      }
      refusals.close(PRODUCER_CLOSE_TIMEOUT);
    }
  }

  private boolean lexiconTopicExists() {
    String topic = topics.lexicons();
    Map<String, Object> adminProps = new HashMap<>();
    kafkaProps.forEach(
        (k, v) -> {
          if (AdminClientConfig.configNames().contains(k)) {
            adminProps.put(k, v);
          }
        });
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-lexicon-check");
    Admin admin = Admin.create(adminProps);
    lexiconCheck = admin;
    boolean abandoned = true;
    try {
      if (closed) { // close() came before the check could be ended through lexiconCheck
        throw new IllegalStateException("classifier closed while starting");
      }
      admin
          .describeTopics(
              List.of(topic),
              new DescribeTopicsOptions().timeoutMs((int) LEXICON_TOPIC_CHECK.toMillis()))
          .allTopicNames()
          .get();
      abandoned = false;
      return true;
    } catch (ExecutionException e) {
      abandoned = false;
      if (closed) {
        throw new IllegalStateException(
            "classifier closed while starting (checking the lexicon topic " + topic + ")");
      }
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException(
          "cannot learn whether the lexicon topic " + topic + " exists: " + e.getCause(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the lexicon topic " + topic, e);
    } finally {
      lexiconCheck = null;
      // a call given up (interrupted) is not waited for: the brokers may be away
      admin.close(abandoned ? Duration.ZERO : CLOSE_TIMEOUT);
    }
  }

  private void sendRefusal(Outcome outcome) {
    String outcomesTopic = topics.outcomes();
    refusals.send(
        new ProducerRecord<>(
            outcomesTopic, outcome.site(), outcomeSerde.serialize(outcomesTopic, outcome)));
  }

  /** Why the last lexicon update was refused, or {@code null} when the last one applied. */
  public String lexiconError() {
    return lexicons.lastError();
  }

  /** The lexicon version in force now (it changes when operators publish lexicons). */
  public String lexiconVersion() {
    return lexicons.get().lexiconVersion();
  }
}
