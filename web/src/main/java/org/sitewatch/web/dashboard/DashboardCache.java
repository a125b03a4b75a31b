package org.sitewatch.web.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.sitewatch.web.account.Viewer;

/**
 * The dashboard's figures kept for a short while per scope, so that a dashboard open in many
 * browsers costs one computation per scope per {@code ttl}. A scope is what decides the figures:
 * every lead (a role that sees all) or one sorted set of bureaus, and the time zone of the days;
 * two scopes never share an entry, so an analyst never gets figures over leads it may not see.
 * Requests for a scope being computed wait for that computation instead of starting another. At
 * most {@code maxScopes} are kept, the least recently used dropped first; a zero {@code ttl} keeps
 * nothing (every request computes).
 */
final class DashboardCache {
  /** The figures and the instant they were computed at (their snapshot's time). */
  record Figures(Map<String, Object> figures, Instant computedAt) {}

  /** What the figures depend on. */
  record Scope(boolean all, List<String> bureaus, String zone) {
    static Scope of(Viewer viewer, ZoneId zone) {
      return new Scope(
          viewer.seesAll(),
          viewer.seesAll() ? List.of() : List.of(viewer.bureauArray()),
          zone.getId());
    }
  }

  private record Entry(Instant started, CompletableFuture<Figures> figures) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<Scope, Entry> entries;

  DashboardCache(Clock clock, Duration ttl, int maxScopes) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || maxScopes < 1) {
      throw new IllegalArgumentException("ttl must be >= 0 and maxScopes >= 1");
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Scope, Entry> eldest) {
            return size() > maxScopes;
          }
        };
  }

  /** The figures of {@code scope}: kept ones younger than the ttl, else computed now. */
  Figures get(Scope scope, Supplier<Map<String, Object>> compute) {
    Instant now = clock.instant();
    if (ttl.isZero()) {
      return new Figures(compute.get(), now);
    }
    Entry entry;
    boolean mine = false;
    synchronized (entries) {
      entry = entries.get(scope);
      if (entry == null || !now.isBefore(entry.started().plus(ttl))) {
        entry = new Entry(now, new CompletableFuture<>());
        entries.put(scope, entry);
        mine = true;
      }
    }
    if (mine) {
      try {
        entry
            .figures()
            .complete(new Figures(Collections.unmodifiableMap(compute.get()), entry.started()));
      } catch (RuntimeException | Error e) {
        synchronized (entries) {
          entries.remove(scope, entry);
        }
        entry.figures().completeExceptionally(e);
        throw e;
      }
    }
    try {
      return entry.figures().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the dashboard's figures", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot compute the dashboard's figures", e.getCause());
    }
  }

  /** How many scopes are kept (for tests). */
  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
