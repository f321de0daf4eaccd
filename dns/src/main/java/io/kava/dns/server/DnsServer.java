package io.kava.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS over UDP and TCP on one address and port. UDP: one receiving thread hands each datagram to a
 * small worker pool (a full queue drops the datagram; the client retries, as after any lost packet).
 * TCP: one accepting thread and a bounded pool of connection threads, each reading length-prefixed
 * queries until the client closes or stays idle for {@link #TCP_IDLE_TIMEOUT_MS} (RFC 7766 allows
 * several queries per connection). Answers come from the {@link QueryHandler}.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  static final int TCP_IDLE_TIMEOUT_MS = 10_000;
  private static final int MAX_TCP_CONNECTIONS = 16;
  private static final int UDP_QUEUE = 1024;
  private static final int MAX_PACKET = 65535;

  private final QueryHandler handler;
  private final InetSocketAddress requested;
  private final int workers;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private DatagramSocket udp;
  private ServerSocket tcp;
  private ExecutorService udpWorkers;
  private ExecutorService tcpConnections;
  private volatile boolean closed;

  public DnsServer(InetSocketAddress listen, QueryHandler handler, int workers) {
    this.requested = listen;
    this.handler = handler;
    this.workers = workers;
  }

  /** Binds UDP and TCP to the same port (port 0: a free one, the same for both) and starts serving. */
  public synchronized DnsServer start() throws IOException {
    bind();
    udpWorkers = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(UDP_QUEUE), threads("dns-udp-worker"), new ThreadPoolExecutor.DiscardPolicy());
    tcpConnections = new ThreadPoolExecutor(0, MAX_TCP_CONNECTIONS, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), threads("dns-tcp-connection"), new ThreadPoolExecutor.AbortPolicy());
    threads("dns-udp").newThread(this::receiveUdp).start();
    threads("dns-tcp").newThread(this::acceptTcp).start();
    log.info("Serving DNS on {}:{} (UDP and TCP)", udp.getLocalAddress().getHostAddress(), udp.getLocalPort());
    return this;
  }

  /** The bound address (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
  }

  private void bind() throws IOException {
    for (int attempt = 1; ; attempt++) {
      DatagramSocket u = new DatagramSocket(null);
      ServerSocket t = new ServerSocket();
      try {
        u.bind(requested);
        t.setReuseAddress(true);
        t.bind(new InetSocketAddress(requested.getAddress(), u.getLocalPort()), 64);
        udp = u;
        tcp = t;
        return;
      } catch (BindException e) {
        u.close();
        t.close();
        // With port 0 the UDP port chosen may be taken for TCP: pick another. A fixed port is a real error.
        if (requested.getPort() != 0 || attempt == 10) {
          throw new BindException("Cannot listen on " + requested.getAddress().getHostAddress() + ":" + requested.getPort()
              + ": " + e.getMessage());
        }
      }
    }
  }

  private void receiveUdp() {
    byte[] buffer = new byte[MAX_PACKET];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          log.warn("Failed to receive a UDP packet: {}", e.toString());
        }
        continue;
      }
      byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      udpWorkers.execute(() -> handler.handle(query, true).thenAccept(response -> {
        if (response != null) {
          try {
            udp.send(new DatagramPacket(response, response.length, client));
          } catch (IOException e) {
            log.debug("Failed to answer {}: {}", client, e.toString());
          }
        }
      }));
    }
  }

  private void acceptTcp() {
    while (!closed) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("Failed to accept a TCP connection: {}", e.toString());
        }
        continue;
      }
      try {
        connections.add(socket);
        tcpConnections.execute(() -> serveConnection(socket));
      } catch (RuntimeException e) {
        log.debug("Refused a TCP connection from {}: {} connections open", socket.getRemoteSocketAddress(), MAX_TCP_CONNECTIONS);
        closeQuietly(socket);
      }
    }
  }

  private void serveConnection(Socket socket) {
    try (socket) {
      socket.setSoTimeout(TCP_IDLE_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      while (!closed) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return; // the client is done, or idle too long
        }
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        byte[] response = handler.handle(query, false).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (response == null) {
          continue;
        }
        out.writeShort(response.length);
        out.write(response);
        out.flush();
      }
    } catch (SocketException e) {
      // reset by the client, or closed by close()
    } catch (Exception e) {
      if (!closed) {
        log.debug("Closed a TCP connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
      }
    } finally {
      connections.remove(socket);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      closeQuietly(tcp);
    }
    connections.forEach(DnsServer::closeQuietly);
    if (udpWorkers != null) {
      udpWorkers.shutdownNow();
      tcpConnections.shutdownNow();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
