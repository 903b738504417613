package io.github.claimsmapper.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that accepts connections and never answers: the network condition of a hung
 * endpoint, for testing timeouts. Counts the connections it accepted (one per attempt).
 */
public final class BlackHoleServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> accepted = new ArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  private BlackHoleServer(ServerSocket socket) {
    this.socket = socket;
  }

  /** Starts listening on a free loopback port. */
  public static BlackHoleServer start() throws IOException {
    BlackHoleServer server =
        new BlackHoleServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    Thread acceptor = new Thread(server::acceptForever, "black-hole-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** How many connections it accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptForever() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.incrementAndGet();
        synchronized (accepted) {
          accepted.add(connection); // held open, never read or answered
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (accepted) {
      for (Socket connection : accepted) {
        connection.close();
      }
    }
  }
}
