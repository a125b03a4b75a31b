package org.sitewatch.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde that writes a record as UTF-8 JSON. Deserialisation failures raise {@link
 * SerializationException} with the target type in the message; consumers turn them into outcome
 * records instead of dropping the input.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final Class<T> type;
  private final ObjectMapper mapper;

  private JsonSerde(Class<T> type) {
    this.type = type;
    this.mapper = Json.mapper();
  }

  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return mapper.readValue(data, type);
    } catch (IOException | IllegalArgumentException e) {
      throw new SerializationException(
          "cannot read " + type.getSimpleName() + " from topic " + topic + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
