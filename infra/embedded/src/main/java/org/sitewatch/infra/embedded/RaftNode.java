package org.sitewatch.infra.embedded;

import java.util.concurrent.CompletableFuture;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer$;
import kafka.server.Server$;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One combined KRaft node (broker and controller), wired as Kafka's {@code KafkaRaftServer} wires
 * it, except that its listeners' sockets come from {@code sockets}: {@code KafkaRaftServer} always
 * binds them itself, from the ports in its configuration.
 */
final class RaftNode {
  private static final Logger log = LoggerFactory.getLogger(RaftNode.class);

  private final KafkaConfig config;
  private final Metrics metrics;
  private final BrokerServer broker;
  private final ControllerServer controller;

  RaftNode(KafkaConfig config, ServerSocketFactory sockets) {
    this.config = config;
    String logIdent = "[EmbeddedKafka id=" + config.nodeId() + "] ";
    Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
        KafkaRaftServer$.MODULE$.initializeLogDirs(config, log, logIdent);
    MetaPropertiesEnsemble metaProps = dirs._1();
    this.metrics =
        Server$.MODULE$.initializeMetrics(config, Time.SYSTEM, metaProps.clusterId().get());
    SharedServer shared =
        new SharedServer(
            config,
            metaProps,
            Time.SYSTEM,
            metrics,
            CompletableFuture.completedFuture(
                QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
            QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
            new StandardFaultHandlerFactory(),
            sockets);
    this.broker = new BrokerServer(shared);
    this.controller =
        new ControllerServer(shared, KafkaRaftServer$.MODULE$.configSchema(), dirs._2());
  }

  void startup() {
    controller.startup();
    broker.startup();
  }

  void shutdown() {
    broker.shutdown();
    controller.shutdown();
    try {
      AppInfoParser.unregisterAppInfo(
          Server$.MODULE$.MetricsPrefix(), Integer.toString(config.brokerId()), metrics);
    } catch (RuntimeException e) {
      log.warn("cannot unregister the embedded broker's app info", e);
    }
  }

  void awaitShutdown() {
    broker.awaitShutdown();
    controller.awaitShutdown();
  }
}
