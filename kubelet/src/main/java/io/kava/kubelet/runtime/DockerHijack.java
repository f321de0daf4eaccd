package io.kava.kubelet.runtime;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Docker's hijacked stream ("Upgrade: tcp") spoken directly, for exec and attach with stdin: docker-java
 * never closes the write half of the connection when stdin ends, so a command reading stdin (tar, cat)
 * would wait forever. Here the end of stdin is {@code shutdownOutput}, which the engine turns into the
 * process' end of input, as the docker CLI does.
 */
final class DockerHijack implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream in;

  private DockerHijack(SocketChannel channel, InputStream in) {
    this.channel = channel;
    this.in = in;
  }

  /** POSTs {@code body} to {@code path} asking for the connection, and returns it once the engine agreed. */
  static DockerHijack open(String dockerHost, String path, String body) throws IOException {
    URI uri = URI.create(dockerHost);
    SocketChannel channel = uri.getScheme().equals("unix")
        ? SocketChannel.open(UnixDomainSocketAddress.of(uri.getPath()))
        : SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    String request = "POST " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
        + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + json.length + "\r\n\r\n";
    DockerHijack hijack = new DockerHijack(channel, new ChannelInput(channel));
    OutputStream out = hijack.output();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.write(json);
    String status = hijack.readHeaders();
    if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
      byte[] error = hijack.in.readNBytes(4096);
      hijack.close();
      throw new IOException(DockerContainerRuntime.messageOf(new IOException(status.strip() + " "
          + new String(error, StandardCharsets.UTF_8))));
    }
    return hijack;
  }

  private String readHeaders() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the engine closed the connection");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    return text.substring(0, Math.max(0, text.indexOf("\r\n")));
  }

  InputStream input() {
    return in;
  }

  OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    };
  }

  /** The end of stdin. */
  void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      // the connection is gone: the process has its end of input either way
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Reads the channel directly (java.nio's stream adapters would serialize reads and writes). */
  private static final class ChannelInput extends InputStream {
    private final SocketChannel channel;

    ChannelInput(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, len));
      return n < 0 ? -1 : n;
    }
  }
}
