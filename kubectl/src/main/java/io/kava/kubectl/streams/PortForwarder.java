package io.kava.kubectl.streams;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.PortForwardInput;
import io.kava.api.kubelet.v1.PortForwardOutput;
import io.kava.api.kubelet.v1.PortForwardStart;
import io.kava.api.v1.ApiGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * kubectl port-forward: a local listener per address and port; every accepted connection becomes one
 * PodPortForward stream through the API server to the pod's kubelet, which connects to the pod.
 */
public final class PortForwarder implements AutoCloseable {
  /** LOCAL:REMOTE as given; local 0 picks a free port. */
  public record Mapping(int local, int remote) {
    public static Mapping parse(String text) {
      String[] parts = text.split(":", -1);
      try {
        if (parts.length == 1) {
          int port = Integer.parseInt(parts[0]);
          return checked(port, port, text);
        }
        if (parts.length == 2) {
          return checked(parts[0].isEmpty() ? 0 : Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), text);
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException("invalid port format '" + text + "'");
    }

    private static Mapping checked(int local, int remote, String text) {
      if (local < 0 || local > 65535 || remote <= 0 || remote > 65535) {
        throw new IllegalArgumentException("invalid port format '" + text + "'");
      }
      return new Mapping(local, remote);
    }
  }

  private final Channel channel;
  private final PodRef pod;
  private final PrintStream out;
  private final List<ServerSocket> listeners = new ArrayList<>();
  private final List<Thread> acceptors = new ArrayList<>();

  public PortForwarder(Channel channel, PodRef pod, PrintStream out) {
    this.channel = channel;
    this.pod = pod;
    this.out = out;
  }

  /** Binds every listener and prints kubectl's "Forwarding from" lines; returns the bound local ports. */
  public List<Integer> listen(List<String> addresses, List<Mapping> mappings) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (Mapping m : mappings) {
      int local = m.local();
      for (String address : addresses) {
        InetAddress bind = InetAddress.getByName(address.equals("localhost") ? "127.0.0.1" : address);
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(bind, local));
        local = server.getLocalPort();
        listeners.add(server);
        out.println("Forwarding from " + bind.getHostAddress() + ":" + local + " -> " + m.remote());
        Thread t = new Thread(() -> accept(server, m.remote()), "kavactl-forward-" + local);
        t.setDaemon(true);
        acceptors.add(t);
      }
      ports.add(local);
    }
    acceptors.forEach(Thread::start);
    return ports;
  }

  private void accept(ServerSocket server, int remote) {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      out.println("Handling connection for " + server.getLocalPort());
      Connection c = new Connection(socket);
      ApiGrpc.newStub(channel).podPortForward(c);
      c.start(remote);
    }
  }

  /** Waits until closed (Ctrl-C ends the process). */
  public void awaitClose() throws InterruptedException {
    for (Thread t : acceptors) {
      t.join();
    }
  }

  @Override
  public void close() {
    for (ServerSocket s : listeners) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  /** One local connection relayed both ways. */
  private final class Connection implements ClientResponseObserver<PortForwardInput, PortForwardOutput> {
    private final Socket socket;
    private ClientCallStreamObserver<PortForwardInput> call;
    private final ReadySender<PortForwardInput> sender = new ReadySender<>();

    Connection(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<PortForwardInput> requestStream) {
      call = requestStream;
      sender.attach(requestStream);
    }

    void start(int remote) {
      send(PortForwardInput.newBuilder().setStart(PortForwardStart.newBuilder().setPod(pod).setPort(remote)).build());
      Thread pump = new Thread(this::pump, "kavactl-forward-in");
      pump.setDaemon(true);
      pump.start();
    }

    private void pump() {
      byte[] buffer = new byte[32 * 1024];
      // Not closed here: closing a socket's input closes the socket, and the pod's answer may still come.
      try {
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!send(PortForwardInput.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build())) {
            return;
          }
        }
        send(PortForwardInput.newBuilder().setClose(true).build());
      } catch (IOException e) {
        sender.cancel("the local connection failed", e);
      }
    }

    private boolean send(PortForwardInput input) {
      return sender.send(input);
    }

    @Override
    public void onNext(PortForwardOutput output) {
      try {
        OutputStream o = socket.getOutputStream();
        output.getData().writeTo(o);
        o.flush();
      } catch (IOException e) {
        call.cancel("the local connection failed", e);
      }
    }

    @Override
    public void onError(Throwable t) {
      out.println("E: an error occurred forwarding " + socket.getLocalPort() + ": " + t.getMessage());
      done();
    }

    @Override
    public void onCompleted() {
      done();
    }

    private void done() {
      sender.finish();
      try {
        socket.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
