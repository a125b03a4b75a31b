package org.sitewatch.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's and the controller's ports are bound from the moment they are chosen, so another
 * process (the module's other test JVM, its broker or database) cannot take one before the server
 * starts on it; a controller that could not bind its port would halt the whole JVM.
 */
class EmbeddedKafkaIT {
  @TempDir Path dir;

  @Test
  void aPortCannotBeTakenBetweenItsChoiceAndTheStart() throws Exception {
    int[] chosen = new int[2];
    try (EmbeddedKafka kafka =
        EmbeddedKafka.start(
            dir,
            Map.of(),
            false,
            ports -> {
              System.arraycopy(ports, 0, chosen, 0, 2);
              for (int port : ports) {
                // what another JVM picking "a free port" would then bind
                assertThatThrownBy(
                        () -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close())
                    .as("port %d is held until the server takes it", port)
                    .isInstanceOf(BindException.class);
              }
            })) {
      assertThat(chosen[0]).isNotEqualTo(chosen[1]).isPositive();
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + chosen[0]);
      kafka.createTopics(1, "probe");
      try (Admin admin = Admin.create(kafka.clientProps())) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("probe");
      }
    }
    try (var left = Files.list(dir)) {
      assertThat(left).as("the log directory is removed on close").isEmpty();
    }
  }

  @Test
  void aPersistentFolderReopensWithItsTopicsOnNewPorts() throws Exception {
    Path logDir = dir.resolve("kafka");
    String first;
    try (EmbeddedKafka kafka = EmbeddedKafka.open(logDir)) {
      first = kafka.bootstrapServers();
      kafka.createTopics(1, "kept");
    }
    try (EmbeddedKafka again = EmbeddedKafka.open(logDir);
        Admin admin = Admin.create(again.clientProps())) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).contains("kept");
      assertThat(again.bootstrapServers()).isNotEqualTo(first);
    }
  }
}
