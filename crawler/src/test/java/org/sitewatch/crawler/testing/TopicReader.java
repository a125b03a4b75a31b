package org.sitewatch.crawler.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.sitewatch.events.JsonSerde;

/**
 * Reads a whole topic from the beginning into a list of {@code T}, for test assertions (the reading
 * itself is {@link org.sitewatch.infra.embedded.TopicReader}'s). Records that are not valid JSON
 * for the type (a test may write such on purpose) are left out.
 */
public final class TopicReader<T> implements AutoCloseable {
  private final org.sitewatch.infra.embedded.TopicReader<byte[]> reader;
  private final JsonSerde<T> serde;
  private final List<T> values = new ArrayList<>();

  public TopicReader(String bootstrap, String topic, Class<T> type) {
    serde = JsonSerde.of(type);
    reader =
        new org.sitewatch.infra.embedded.TopicReader<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            topic,
            new ByteArrayDeserializer());
  }

  /** Everything the topic holds now (read up to its end offsets at the call). */
  public synchronized List<T> values() {
    for (ConsumerRecord<String, byte[]> record : reader.readToEnd()) {
      try {
        values.add(serde.deserialize(record.topic(), record.value()));
      } catch (SerializationException e) {
        // not a T: skipped on purpose
      }
    }
    return List.copyOf(values);
  }

  public List<T> matching(Predicate<T> predicate) {
    return values().stream().filter(predicate).toList();
  }

  @Override
  public synchronized void close() {
    reader.close();
  }
}
