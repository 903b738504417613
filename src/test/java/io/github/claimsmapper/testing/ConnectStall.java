package io.github.claimsmapper.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a TCP connect never completes: a listening socket that never accepts, its
 * accept queue filled first. Linux then drops further SYNs (the client retransmits them), so a
 * client's connect hangs until its own connect timeout: a server or network that stalls before the
 * connection exists.
 */
public final class ConnectStall implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> fillers = new ArrayList<>();

  private ConnectStall(ServerSocket socket) {
    this.socket = socket;
  }

  /**
   * Listens on a free loopback port with a backlog of 1 and fills the queue.
   *
   * @throws IllegalStateException when connects still complete after a few fillers (a system that
   *     does not drop SYNs on a full queue)
   */
  public static ConnectStall start() throws IOException {
    ConnectStall stall = new ConnectStall(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    for (int i = 0; i < 8; i++) {
      Socket filler = new Socket();
      try {
        filler.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), stall.socket.getLocalPort()),
            200);
        stall.fillers.add(filler);
      } catch (SocketTimeoutException full) {
        filler.close();
        return stall;
      }
    }
    stall.close();
    throw new IllegalStateException(
        "connects to a full accept queue still complete on this system");
  }

  /** Where connects stall, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket filler : fillers) {
      filler.close();
    }
  }
}
