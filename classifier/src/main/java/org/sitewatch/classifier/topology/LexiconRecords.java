package org.sitewatch.classifier.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the lexicon topic's records in the {@link LiveLexicons#STORE} global store (it also runs
 * when the store is restored at start). Each record is checked before it is kept: one that does not
 * parse, is too large or has an overlong name is refused as a whole and reported to {@link
 * LiveLexicons} with its topic, partition and offset; so it neither changes the rules in force nor
 * blocks later records (and a restarted classifier applies the good ones).
 */
final class LexiconRecords implements Processor<String, byte[], Void, Void> {
  /** A lexicon record larger than this is refused (the built-in lexicons are about 100 KB). */
  static final int MAX_LEXICON_BYTES = 4 * 1024 * 1024;

  static final int MAX_NAME_CHARS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(LexiconRecords.class);

  private final LiveLexicons lexicons;
  private final Clock clock;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, String> store;

  LexiconRecords(LiveLexicons lexicons, Clock clock) {
    this.lexicons = lexicons;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(LiveLexicons.STORE);
    lexicons.attach(store);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String name = record.key();
    if (name == null || name.isBlank()) {
      LOG.warn("ignoring a lexicon record without a name at {}", where());
      return;
    }
    if (record.value() == null) {
      lexicons.changed(name, store.delete(name) != null);
      return;
    }
    String text = new String(record.value(), StandardCharsets.UTF_8);
    if (text.equals(store.get(name))) {
      return;
    }
    String refusal = check(name, record.value().length, text);
    if (refusal != null) {
      refuse(name, refusal);
      return;
    }
    store.put(name, text);
    lexicons.changed(name, true);
  }

  /** Why the record {@code name -> text} cannot be kept, or null. */
  static String check(String name, int bytes, String text) {
    if (name.length() > MAX_NAME_CHARS) {
      return "lexicon name of " + name.length() + " characters (at most " + MAX_NAME_CHARS + ")";
    }
    if (bytes > MAX_LEXICON_BYTES) {
      return "lexicon "
          + Bounds.label(name)
          + " of "
          + bytes
          + " bytes (at most "
          + MAX_LEXICON_BYTES
          + ")";
    }
    try {
      Lexicon.checkLive(name, text);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private void refuse(String name, String refusal) {
    String reason =
        Bounds.text("refused lexicon record " + where() + ": " + refusal, Bounds.MAX_DETAIL_CHARS);
    RecordMetadata meta = context.recordMetadata().orElse(null);
    Map<String, String> details =
        meta == null
            ? Map.of()
            : Map.of(
                "topic",
                meta.topic(),
                "partition",
                Integer.toString(meta.partition()),
                "offset",
                Long.toString(meta.offset()));
    lexicons.refused(
        name,
        reason,
        new Outcome(
            Outcome.VERSION,
            "lexicon:" + Bounds.label(name),
            null,
            Outcome.Stage.CLASSIFIER,
            Outcome.Kind.BAD_RECORD,
            reason,
            clock.instant(),
            details));
  }

  private String where() {
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("?");
  }
}
