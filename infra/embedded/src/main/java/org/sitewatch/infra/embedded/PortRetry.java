package org.sitewatch.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Starts a server on loopback ports chosen just before it binds them, and starts it again on fresh
 * ports when one of them was taken in between.
 *
 * <p>A port is chosen by binding port 0 and closing that socket; until the server binds the port
 * itself, any other process can take it (the other test JVM of the module, its broker or its
 * database). A server that can bind port 0, or be handed a bound socket, needs none of this (see
 * {@link EmbeddedKafka}). This is for the servers that must be told their port and bind it
 * themselves, such as a PostgreSQL postmaster ({@link EmbeddedPostgresStart}).
 */
public final class PortRetry {
  /** Start attempts before giving up; one clash is rare, five in a row mean something else. */
  public static final int ATTEMPTS = 5;

  private PortRetry() {}

  /** One start of a server on the ports given. */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * Starts the server on {@code ports} (distinct, free when chosen); on failure, leaves nothing
     * running. Throws a {@link BindException} (or any exception caused by one) or a {@link
     * PortTakenException} when a port was taken: then the next attempt gets fresh ports.
     */
    T start(int[] ports) throws IOException;
  }

  /**
   * Thrown by an {@link Attempt} that found a port taken without a {@link BindException} to show
   * for it (a server that only reports that it did not come up, or that answers as another one).
   */
  public static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PortTakenException(String message) {
      super(message);
    }

    public PortTakenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Runs {@code attempt} on {@code count} fresh loopback ports until it starts, at most {@link
   * #ATTEMPTS} times.
   *
   * @param server what is started, for the error message
   * @throws IllegalStateException when every attempt found a port taken
   */
  public static <T> T start(String server, int count, Attempt<T> attempt) {
    return start(server, count, ATTEMPTS, PortRetry::freePort, attempt);
  }

  static <T> T start(
      String server, int count, int attempts, IntSupplier picker, Attempt<T> attempt) {
    List<String> tried = new ArrayList<>();
    Exception last = null;
    for (int i = 0; i < attempts; i++) {
      int[] ports = distinct(count, picker);
      try {
        return attempt.start(ports);
      } catch (IOException | RuntimeException e) {
        if (!portTaken(e)) {
          if (e instanceof IOException io) {
            throw new UncheckedIOException(io);
          }
          throw (RuntimeException) e;
        }
        tried.add(Arrays.toString(ports));
        last = e;
      }
    }
    throw new IllegalStateException(
        server
            + " did not start: "
            + attempts
            + " times a port chosen for it was taken before it bound it (ports tried: "
            + String.join(", ", tried)
            + "); last failure: "
            + last.getMessage(),
        last);
  }

  /** Whether {@code e} or one of its causes says a port was taken. */
  static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t instanceof PortTakenException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static int[] distinct(int count, IntSupplier picker) {
    int[] ports = new int[count];
    int picked = 0;
    // the system may hand out a just-closed port again: pick until the ports differ
    for (int tries = 0; picked < count; tries++) {
      if (tries > 100 * count) {
        throw new IllegalStateException("cannot find " + count + " distinct free ports");
      }
      int port = picker.getAsInt();
      if (Arrays.stream(ports, 0, picked).noneMatch(p -> p == port)) {
        ports[picked++] = port;
      }
    }
    return ports;
  }

  /**
   * {@code count} distinct loopback ports that were free a moment ago (choosing one at a time can
   * give a just-closed port twice), for processes that must be told their ports.
   */
  public static int[] freePorts(int count) {
    return distinct(count, PortRetry::freePort);
  }

  /** A loopback port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }
}
