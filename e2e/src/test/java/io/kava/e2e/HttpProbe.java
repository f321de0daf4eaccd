package io.kava.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.0 GET over a fresh TCP connection, from this (host) process: every request opens a new
 * connection, so each one passes through the iptables rules kube-proxy wrote at that moment.
 */
final class HttpProbe {
  private HttpProbe() {}

  /** The response body; throws when the connection fails, times out, or the status is not 200. */
  static String get(String host, int port, String path, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int headerEnd = response.indexOf("\r\n\r\n");
      if (!response.startsWith("HTTP/1.") || headerEnd < 0) {
        throw new IOException("Not an HTTP response from " + host + ":" + port + ": " + abbreviate(response));
      }
      String status = response.substring(0, response.indexOf("\r\n"));
      if (!status.contains(" 200 ")) {
        throw new IOException(host + ":" + port + path + " answered " + status);
      }
      return response.substring(headerEnd + 4);
    }
  }

  /** The body, trimmed, or null when the request failed: for loops that count failures. */
  static String tryGet(String host, int port, String path, int timeoutMillis) {
    try {
      return get(host, port, path, timeoutMillis).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
