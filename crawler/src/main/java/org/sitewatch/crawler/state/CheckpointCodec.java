package org.sitewatch.crawler.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sitewatch.events.CrawlRequest;

/**
 * The JSON form of a {@link CrawlCheckpoint} on the crawl-state topic (docs/crawl-state.md). A
 * record that cannot be read is reported by an {@link IllegalArgumentException}; the worker then
 * ignores it and crawls the site from its seed.
 */
final class CheckpointCodec {
  static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CheckpointCodec() {}

  static byte[] encode(CrawlCheckpoint c) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", VERSION);
    if (c.source() != null) {
      root.put("source", c.source().name());
    }
    root.put("site", c.site());
    root.put("requestUrl", c.requestUrl());
    root.put("requestedAt", c.requestedAt().toString());
    root.put("partition", c.partition());
    root.put("offset", c.offset());
    root.put("state", c.done() ? "DONE" : "RUNNING");
    root.put("startedAt", c.startedAt().toString());
    root.put("writtenAt", c.writtenAt().toString());
    root.put("pages", c.pages());
    root.put("failures", c.failures());
    root.put("bytes", c.bytes());
    root.put("fetched", CrawlCheckpoint.encodeHashes(c.fetched()));
    ArrayNode pending = root.putArray("pending");
    for (CrawlCheckpoint.Pending p : c.pending()) {
      pending.addObject().put("url", p.url()).put("depth", p.depth());
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a crawl checkpoint as JSON", e);
    }
  }

  static CrawlCheckpoint decode(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a crawl checkpoint (bad JSON): " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a crawl checkpoint: expected a JSON object");
    }
    try {
      List<CrawlCheckpoint.Pending> pending = new ArrayList<>();
      for (JsonNode p : root.path("pending")) {
        pending.add(new CrawlCheckpoint.Pending(text(p, "url"), p.path("depth").asInt(0)));
      }
      String state = text(root, "state");
      if (!state.equals("DONE") && !state.equals("RUNNING")) {
        throw new IllegalArgumentException("unknown state '" + state + "'");
      }
      return new CrawlCheckpoint(
          text(root, "site"),
          text(root, "requestUrl"),
          Instant.parse(text(root, "requestedAt")),
          root.path("partition").asInt(-1),
          root.path("offset").asLong(-1),
          state.equals("DONE"),
          Instant.parse(text(root, "startedAt")),
          Instant.parse(text(root, "writtenAt")),
          root.path("pages").asInt(0),
          root.path("failures").asInt(0),
          root.path("bytes").asLong(0),
          CrawlCheckpoint.decodeHashes(root.path("fetched").asText("")),
          pending,
          root.hasNonNull("source")
              ? CrawlRequest.Source.valueOf(text(root, "source"))
              : null); // written before sources were kept
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid crawl checkpoint: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "'");
    }
    return value.asText();
  }
}
