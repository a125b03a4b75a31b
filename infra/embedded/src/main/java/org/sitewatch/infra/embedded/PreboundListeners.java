package org.sitewatch.infra.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Loopback listener sockets bound on port 0 before a server is configured, handed to the server
 * when it opens a listener on one of their ports. A port is thus never free between its choice and
 * its bind, so another process cannot take it. The sockets the server did not take are closed by
 * {@link #close}; those it took are the server's.
 */
final class PreboundListeners implements ServerSocketFactory, AutoCloseable {
  /** Kafka's default {@code socket.listen.backlog.size}. */
  private static final int BACKLOG = 50;

  private final ServerSocketChannel[] channels;
  private final int[] ports;

  private PreboundListeners(ServerSocketChannel[] channels, int[] ports) {
    this.channels = channels;
    this.ports = ports;
  }

  /** Binds {@code count} listener sockets on loopback ports the system chooses. */
  static PreboundListeners bind(int count) throws IOException {
    ServerSocketChannel[] channels = new ServerSocketChannel[count];
    int[] ports = new int[count];
    PreboundListeners listeners = new PreboundListeners(channels, ports);
    try {
      for (int i = 0; i < count; i++) {
        channels[i] = ServerSocketChannel.open();
        channels[i].configureBlocking(false);
        channels[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        ports[i] = ((InetSocketAddress) channels[i].getLocalAddress()).getPort();
      }
    } catch (IOException | RuntimeException e) {
      listeners.close();
      throw e;
    }
    return listeners;
  }

  /** The port of the {@code i}-th socket. */
  int port(int i) {
    return ports[i];
  }

  @Override
  public synchronized ServerSocketChannel openServerSocket(
      String listenerName, InetSocketAddress address, int listenBacklogSize, int recvBufferSize)
      throws IOException {
    for (int i = 0; i < channels.length; i++) {
      if (channels[i] != null && ports[i] == address.getPort()) {
        ServerSocketChannel bound = channels[i];
        channels[i] = null;
        if (recvBufferSize > 0) {
          bound.socket().setReceiveBufferSize(recvBufferSize);
        }
        return bound;
      }
    }
    // a listener on a port not bound here (none in this package's configurations)
    return ServerSocketFactory.INSTANCE.openServerSocket(
        listenerName, address, listenBacklogSize, recvBufferSize);
  }

  /** Closes the sockets that no server took. */
  @Override
  public synchronized void close() {
    for (int i = 0; i < channels.length; i++) {
      if (channels[i] != null) {
        try {
          channels[i].close();
        } catch (IOException e) {
          // closing a listening socket that never accepted: nothing to lose
        }
        channels[i] = null;
      }
    }
  }
}
