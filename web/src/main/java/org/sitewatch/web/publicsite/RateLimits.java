package org.sitewatch.web.publicsite;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report limits: at most {@code perClientLimit} reports per client (by its keyed hash) within
 * {@code perClientWindow}, and {@code globalLimit} from everyone within {@code globalWindow}, as
 * sliding windows. Only attempts that were let through count, so a refused flood does not lock a
 * client out for longer, and the memory is bounded: a client is remembered only for an attempt the
 * global limit let through, and forgotten once its window has passed.
 */
final class RateLimits {
  private final Clock clock;
  private final int perClientLimit;
  private final Duration perClientWindow;
  private final int globalLimit;
  private final Duration globalWindow;
  private final Map<String, Deque<Instant>> clients = new HashMap<>();
  private final Deque<Instant> global = new ArrayDeque<>();
  private Instant lastSweep = Instant.MIN;

  /** Receipt look-ups ({@code POST /status}) one client may make within {@link #STATUS_WINDOW}. */
  static final int STATUS_PER_CLIENT = 30;

  static final Duration STATUS_WINDOW = Duration.ofMinutes(10);

  /** Receipt look-ups the site answers from everyone within {@link #STATUS_GLOBAL_WINDOW}. */
  static final int STATUS_GLOBAL = 600;

  static final Duration STATUS_GLOBAL_WINDOW = Duration.ofMinutes(1);

  RateLimits(Clock clock, TipSiteSettings s) {
    this(clock, s.perClientLimit(), s.perClientWindow(), s.globalLimit(), s.globalWindow());
  }

  RateLimits(
      Clock clock,
      int perClientLimit,
      Duration perClientWindow,
      int globalLimit,
      Duration globalWindow) {
    this.clock = clock;
    this.perClientLimit = perClientLimit;
    this.perClientWindow = perClientWindow;
    this.globalLimit = globalLimit;
    this.globalWindow = globalWindow;
  }

  /** The limits of receipt look-ups: 30 per client per 10 minutes, 600 per minute in all. */
  static RateLimits forStatus(Clock clock) {
    return new RateLimits(
        clock, STATUS_PER_CLIENT, STATUS_WINDOW, STATUS_GLOBAL, STATUS_GLOBAL_WINDOW);
  }

  /**
   * Counts an attempt by the client with these hashes (current key first, then the previous one),
   * or says how long to wait when a limit is reached (then nothing is counted).
   */
  synchronized Optional<Duration> attempt(List<String> clientHashes) {
    Instant now = clock.instant();
    sweep(now);
    drop(global, now.minus(globalWindow));
    if (global.size() >= globalLimit) {
      return Optional.of(wait(global.peekFirst(), globalWindow, now));
    }
    Deque<Instant> mine = clients.computeIfAbsent(clientHashes.get(0), k -> new ArrayDeque<>());
    drop(mine, now.minus(perClientWindow));
    int count = mine.size();
    Instant oldest = mine.peekFirst();
    for (String older : clientHashes.subList(1, clientHashes.size())) {
      Deque<Instant> before = clients.get(older);
      if (before != null) {
        drop(before, now.minus(perClientWindow));
        count += before.size();
        if (!before.isEmpty() && (oldest == null || before.peekFirst().isBefore(oldest))) {
          oldest = before.peekFirst();
        }
      }
    }
    if (count >= perClientLimit) {
      if (mine.isEmpty()) {
        clients.remove(clientHashes.get(0));
      }
      return Optional.of(wait(oldest, perClientWindow, now));
    }
    mine.addLast(now);
    global.addLast(now);
    return Optional.empty();
  }

  private static Duration wait(Instant oldest, Duration window, Instant now) {
    Duration d = Duration.between(now, oldest.plus(window));
    return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
  }

  private static void drop(Deque<Instant> times, Instant before) {
    while (!times.isEmpty() && !times.peekFirst().isAfter(before)) {
      times.removeFirst();
    }
  }

  /** Forgets clients whose window has passed, at most once per window. */
  private void sweep(Instant now) {
    if (now.isBefore(lastSweep.plus(perClientWindow))) {
      return;
    }
    lastSweep = now;
    Instant before = now.minus(perClientWindow);
    for (Iterator<Deque<Instant>> it = clients.values().iterator(); it.hasNext(); ) {
      Deque<Instant> times = it.next();
      drop(times, before);
      if (times.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Clients remembered (for tests of the bound). */
  synchronized int clients() {
    return clients.size();
  }
}
