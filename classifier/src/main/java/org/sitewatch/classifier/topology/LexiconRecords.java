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
 * blocks later records (and a restarted classifier applies the good ones). Any other failure to
 * keep or remove a record (an exception from the check or the store) is refused the same way: the
 * processing exception handler's records are dropped for a global processor, so this processor does
 * not rely on it.
 */
final class LexiconRecords implements Processor<String, byte[], Void, Void> {
  /** A lexicon record larger than this is refused. */
  static final int MAX_LEXICON_BYTES = Lexicon.MAX_BYTES;

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
    String refusal;
    try {
      refusal = keep(name, record.value());
    } catch (RuntimeException e) {
      // Streams drops what a processing handler returns for a global processor, so nothing else
      // would report this record: it is refused like a record that does not parse
      LOG.error("cannot keep the lexicon record at {}", where(), e);
      refusal = "cannot keep lexicon " + Bounds.label(name) + ": " + e;
    }
    if (refusal != null) {
      refuse(name, refusal);
    }
  }

  /** Keeps or removes {@code name}; returns why the record is refused, or null. */
  private String keep(String name, byte[] value) {
    if (value == null) {
      lexicons.changed(name, store.delete(name) != null);
      return null;
    }
    String text = new String(value, StandardCharsets.UTF_8);
    if (text.equals(store.get(name))) {
      return null;
    }
    String refusal = check(name, value.length, text);
    if (refusal != null) {
      return refusal;
    }
    store.put(name, text);
    lexicons.changed(name, true);
    return null;
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
