package org.sitewatch.classifier.topology;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.classifier.lists.KnownSites;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator lexicons in force, so that operators edit lexicons without a restart. The compacted
 * lexicon topic (key = name, value = lexicon text, no value = removed) is a Kafka Streams global
 * store ({@link #STORE}, in memory: every instance reads the whole topic at start, before the first
 * page is scored), kept by {@link LexiconRecords}; the classify step asks {@link #get()} for the
 * classifier of each page, which is rebuilt from the store after a change. Every verdict records
 * the version in force ({@link PageClassifier#lexiconVersion()}).
 *
 * <p>The rebuild is lazy: the first {@link #get()} after a change rebuilds on the calling stream
 * thread, holding this object's lock, so the other stream threads and the global thread wait for
 * it. That is fine for a few lexicons (a rebuild takes well under a second); a rebuild that fails
 * keeps the rules in force and is reported by {@link #lastError()} until a later rebuild succeeds.
 *
 * <p>A record that is refused (see {@link LexiconRecords}) leaves the rules in force, is reported
 * by {@link #lastError()} while its name has no later good record or removal, and becomes a
 * BAD_RECORD outcome through the {@code refusals} sink (a global store cannot write to a topic).
 */
public final class LiveLexicons implements Supplier<PageClassifier> {
  /** The name of the global store of operator lexicons. */
  public static final String STORE = "lexicons";

  private static final Logger LOG = LoggerFactory.getLogger(LiveLexicons.class);

  private final ClassifierSettings settings;

  /** The known-site lists, loaded once at start and reused by every rebuild. */
  private final KnownSites knownSites;

  private final boolean fixed;
  private final Consumer<Outcome> refusals;

  /** Bumped by the store's processor after each change; the classifier follows it lazily. */
  private final AtomicLong changes = new AtomicLong();

  /** Names whose latest record was refused, with the reason. */
  private final Map<String, String> refused = new TreeMap<>();

  private volatile ReadOnlyKeyValueStore<String, String> store;
  private volatile PageClassifier current;
  private volatile long built;
  private volatile String lastError;

  /** Why the last rebuild failed, or null when it succeeded. */
  private volatile String rebuildError;

  private LiveLexicons(
      ClassifierSettings settings,
      PageClassifier initial,
      boolean fixed,
      Consumer<Outcome> refusals) {
    this.settings = settings;
    this.knownSites = initial.knownSites();
    this.current = initial;
    this.fixed = fixed;
    this.refusals = refusals;
  }

  /**
   * Lexicons that follow the lexicon topic, starting from the built-in lexicons and the extra file
   * of {@code settings}.
   *
   * @param refusals receives the outcome of each refused lexicon record (e.g. sends it to the
   *     outcomes topic)
   * @throws IllegalArgumentException for a bad built-in lexicon or extra file, or a bad list
   */
  public static LiveLexicons following(ClassifierSettings settings, Consumer<Outcome> refusals) {
    Objects.requireNonNull(settings, "settings");
    return following(settings, KnownSites.load(settings.listsDir()), refusals);
  }

  /**
   * As {@link #following(ClassifierSettings, Consumer)}, with the known-site lists already loaded
   * for this process: a lexicon change rebuilds the classifier with this same instance, never
   * reading the lists folder again.
   */
  public static LiveLexicons following(
      ClassifierSettings settings, KnownSites knownSites, Consumer<Outcome> refusals) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(knownSites, "knownSites");
    Objects.requireNonNull(refusals, "refusals");
    return new LiveLexicons(
        settings, PageClassifier.load(settings, Map.of(), knownSites), false, refusals);
  }

  /**
   * Always {@code classifier}, whatever the lexicon topic holds (tests, offline use); lexicon
   * records are still checked, kept and refused as in production.
   */
  public static LiveLexicons fixed(PageClassifier classifier, Consumer<Outcome> refusals) {
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(refusals, "refusals");
    return new LiveLexicons(null, classifier, true, refusals);
  }

  /** The builder of the global store: in memory, no changelog (the lexicon topic is its log). */
  static StoreBuilder<KeyValueStore<String, String>> storeBuilder() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String())
        .withLoggingDisabled();
  }

  /** The classifier with the rules in force now. */
  @Override
  public PageClassifier get() {
    long seen = changes.get();
    if (fixed || seen == built) {
      return current;
    }
    synchronized (this) {
      if (seen != built) {
        rebuild();
        built = seen;
      }
      return current;
    }
  }

  /**
   * Why the last rebuild from the store failed, or else why a lexicon record was refused while its
   * name has no later good record or removal; {@code null} when every lexicon on the topic is in
   * force.
   */
  public String lastError() {
    String failed = rebuildError;
    return failed != null ? failed : lastError;
  }

  /** Called by the store's processor when it opens the store. */
  void attach(ReadOnlyKeyValueStore<String, String> store) {
    this.store = store;
  }

  /**
   * Called by the store's processor after a good record or a removal of {@code name}; {@code
   * stored} tells whether the store changed.
   */
  synchronized void changed(String name, boolean stored) {
    if (refused.remove(name) != null) {
      lastError = refused.isEmpty() ? null : refused.values().iterator().next();
    }
    if (stored) {
      changes.incrementAndGet();
    }
  }

  /** Called by the store's processor for a refused record. */
  void refused(String name, String reason, Outcome outcome) {
    synchronized (this) {
      refused.put(name, reason);
      lastError = reason;
    }
    LOG.error("{}; the rules in force stay as they are", reason);
    refusals.accept(outcome);
  }

  private void rebuild() {
    ReadOnlyKeyValueStore<String, String> lexicons = store;
    if (lexicons == null) {
      return;
    }
    Map<String, String> live = new TreeMap<>();
    try (KeyValueIterator<String, String> all = lexicons.all()) {
      while (all.hasNext()) {
        KeyValue<String, String> e = all.next();
        live.put(e.key, e.value);
      }
    }
    try {
      PageClassifier next = PageClassifier.load(settings, live, knownSites);
      PageClassifier previous = current;
      current = next;
      rebuildError = null;
      LOG.info(
          "lexicons {} in force (was {}; operator lexicons: {})",
          next.lexiconVersion(),
          previous.lexiconVersion(),
          live.keySet());
    } catch (IllegalArgumentException e) {
      // each record was checked on its own before it was kept, but the extra lexicon file is
      // read again here (it may have become unreadable) and the lexicons are combined
      rebuildError =
          Bounds.text(
              "cannot apply the lexicons " + live.keySet() + ": " + e.getMessage(),
              Bounds.MAX_DETAIL_CHARS);
      LOG.error("refused lexicon update, keeping {}: {}", current.lexiconVersion(), rebuildError);
    }
  }
}
