package org.sitewatch.web.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.LeadQueue;
import org.sitewatch.web.data.QueueFilter;
import org.sitewatch.web.data.QueueRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live queue: browsers showing the first page of the queue hold a server-sent event stream, and
 * one thread polls the lead database for all of them every {@link #POLL} and sends each the leads
 * opened since it connected that it may see and that pass its filter (see {@link
 * LeadQueue#openedAfter}).
 *
 * <p>Why polling: the sink writes leads from another process, possibly another machine, and the
 * workbench may run on a read replica; a poll of an index range per client every two seconds costs
 * a fraction of a millisecond and needs nothing from the sink (LISTEN/NOTIFY would need the sink to
 * notify and a dedicated connection). Why one thread: the cost stays one thread whatever the number
 * of browsers, which is capped at {@link #MAX_CLIENTS}.
 *
 * <p>Events: {@code hello} on connecting, {@code leads} (a JSON array of {@link QueueLine}), {@code
 * expire} when the stream reaches {@link #LIFETIME} (the page reconnects if its user was active,
 * which checks the session again), {@code stop} when the server is full or the query is bad (the
 * page stops listening). Each event's id is the highest lead id sent, so a browser's automatic
 * reconnect ({@code Last-Event-ID}) or a new stream ({@code since}) picks up where it left off.
 */
final class LiveQueue implements AutoCloseable {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
  static final Duration POLL = Duration.ofSeconds(2);
  static final Duration LIFETIME = Duration.ofMinutes(10);
  static final int MAX_CLIENTS = 200;

  /** Polls between comments that show whether a client is still there. */
  private static final int HEARTBEAT_POLLS = 10;

  /** Ids remembered per client; past this the client reconnects with a fresh start. */
  private static final int MAX_SENT = 1000;

  private static final int ROWS_PER_POLL = 50;

  private static final Logger log = LoggerFactory.getLogger(LiveQueue.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LeadQueue queue;
  private final Clock clock;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService poller;
  private long polls;

  LiveQueue(LeadQueue queue, Clock clock) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "workbench-live-queue");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Takes a new stream: sends {@code hello} and keeps it open, or sends {@code stop} and closes it
   * when {@link #MAX_CLIENTS} are connected.
   */
  void connect(
      SseClient sse,
      Viewer viewer,
      QueueFilter filter,
      long since,
      Function<QueueRow, QueueLine> render) {
    Client c = new Client(sse, viewer, filter, since, render, clock.instant());
    synchronized (clients) {
      if (clients.size() >= MAX_CLIENTS) {
        sse.sendEvent("stop", "full", Long.toString(since));
        sse.close();
        return;
      }
      clients.add(c);
    }
    sse.onClose(() -> clients.remove(c));
    sse.sendEvent("hello", "{}", Long.toString(since));
    sse.keepAlive();
  }

  int clients() {
    return clients.size();
  }

  private void poll() {
    polls++;
    boolean heartbeat = polls % HEARTBEAT_POLLS == 0;
    Instant now = clock.instant();
    for (Client c : clients) {
      try {
        if (c.sse.terminated()) {
          clients.remove(c);
        } else if (now.isAfter(c.connectedAt.plus(LIFETIME)) || c.sent.size() >= MAX_SENT) {
          clients.remove(c);
          c.sse.sendEvent("expire", "{}", Long.toString(c.lastSent));
          c.sse.close();
        } else {
          send(c);
          if (heartbeat && !c.sse.terminated()) {
            c.sse.sendComment("alive");
          }
        }
      } catch (RuntimeException e) {
        // one client's failure (the database away, a broken pipe) is not the others'
        log.warn("live queue: cannot update a client of {}: {}", c.viewer.name(), e.toString());
      }
    }
  }

  private void send(Client c) {
    List<QueueRow> rows = queue.openedAfter(c.viewer, c.filter, c.since, c.sent, ROWS_PER_POLL);
    if (rows.isEmpty()) {
      return;
    }
    for (QueueRow r : rows) {
      c.sent.add(r.id());
      c.lastSent = Math.max(c.lastSent, r.id());
    }
    String data;
    try {
      data = JSON.writeValueAsString(rows.stream().map(c.render).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    c.sse.sendEvent("leads", data, Long.toString(c.lastSent));
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Client> open = List.copyOf(clients);
    clients.clear();
    // ending the streams runs on its own thread with a bound: a stream whose response Jetty has
    // already recycled must not hold the server's shutdown
    Thread closer =
        Threads.start(
            "live-queue-close",
            true,
            () -> {
              for (Client c : open) {
                try {
                  c.sse.close();
                } catch (RuntimeException e) {
                  // the browser has gone already
                }
              }
            });
    try {
      closer.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      log.warn("live queue: {} stream(s) did not end within {}", open.size(), CLOSE_WAIT);
      closer.interrupt();
    }
  }

  /** A connected browser; its mutable parts are touched by the poller thread only. */
  private static final class Client {
    final SseClient sse;
    final Viewer viewer;
    final QueueFilter filter;
    final long since;
    final Function<QueueRow, QueueLine> render;
    final Instant connectedAt;
    final Set<Long> sent = new LinkedHashSet<>();
    long lastSent;

    Client(
        SseClient sse,
        Viewer viewer,
        QueueFilter filter,
        long since,
        Function<QueueRow, QueueLine> render,
        Instant connectedAt) {
      this.sse = sse;
      this.viewer = viewer;
      this.filter = filter;
      this.since = since;
      this.render = render;
      this.connectedAt = connectedAt;
      this.lastSent = since;
    }
  }
}
