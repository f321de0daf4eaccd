package io.kava.kubelet.probe;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.HTTPHeader;
import io.kava.api.core.v1.Probe;
import io.kava.api.meta.v1.IntOrString;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ExecResult;
import io.kava.kubelet.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Runs one probe of a container: exec through the runtime, httpGet and tcpSocket to the pod's IP (the
 * sandbox's address on the Docker bridge). A probe may only reach the pod itself or loopback: any other
 * host is refused, since traffic must stay on this machine.
 */
public final class Prober {
  private final ContainerRuntime runtime;

  public Prober(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  public static Duration timeout(Probe probe) {
    return Duration.ofSeconds(probe.hasTimeoutSeconds() && probe.getTimeoutSeconds() > 0 ? probe.getTimeoutSeconds() : 1);
  }

  public ProbeResult probe(Probe probe, Container container, String containerId, String podIp) {
    try {
      if (probe.hasExec()) {
        return exec(probe, containerId);
      }
      if (probe.hasHttpGet()) {
        return httpGet(probe, container, podIp);
      }
      if (probe.hasTcpSocket()) {
        return tcp(probe, container, podIp);
      }
      return ProbeResult.failed("probe has no supported handler (exec, httpGet or tcpSocket)");
    } catch (RuntimeUnavailableException e) {
      return ProbeResult.failed(e.getMessage());
    }
  }

  private ProbeResult exec(Probe probe, String containerId) {
    ExecResult r = runtime.exec(containerId, probe.getExec().getCommandList(), timeout(probe));
    if (r.timedOut()) {
      return ProbeResult.failed("command timed out after " + timeout(probe).toSeconds() + "s");
    }
    return r.exitCode() == 0 ? ProbeResult.ok()
        : ProbeResult.failed(r.output().isBlank() ? "command exited with " + r.exitCode() : r.output().strip());
  }

  private ProbeResult httpGet(Probe probe, Container container, String podIp) {
    try {
      int code = sendHttpGet(probe.getHttpGet(), container, podIp, timeout(probe), "kube-probe/kava");
      if (code >= 200 && code < 400) {
        return ProbeResult.ok();
      }
      return ProbeResult.failed("HTTP probe failed with statuscode: " + code);
    } catch (IllegalArgumentException | IOException e) {
      return ProbeResult.failed(e.getMessage());
    }
  }

  /**
   * Sends the GET an httpGet action describes (probes and lifecycle hooks): to its host, else the pod
   * IP; returns the status code. Only the pod IP or loopback may be asked (IllegalArgumentException).
   */
  public static int sendHttpGet(HTTPGetAction get, Container container, String podIp, Duration timeout,
      String userAgent) throws IOException {
    String host = get.getHost().isEmpty() ? podIp : get.getHost();
    ProbeResult refused = checkHost(host, podIp);
    if (refused != null) {
      throw new IllegalArgumentException(refused.message());
    }
    int port = resolvePort(get.getPort(), container);
    String path = get.getPath().isEmpty() ? "/" : get.getPath().startsWith("/") ? get.getPath() : "/" + get.getPath();
    String scheme = get.getScheme().isEmpty() ? "http" : get.getScheme().toLowerCase();
    URI uri = URI.create(scheme + "://" + host + ":" + port + path);
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection();
      int millis = (int) Math.max(1, timeout.toMillis());
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setInstanceFollowRedirects(false);
      connection.setRequestProperty("User-Agent", userAgent);
      for (HTTPHeader h : get.getHttpHeadersList()) {
        connection.setRequestProperty(h.getName(), h.getValue());
      }
      int code = connection.getResponseCode();
      drain(connection);
      return code;
    } catch (IOException e) {
      throw new IOException("Get \"" + uri + "\": " + e.getMessage(), e);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private ProbeResult tcp(Probe probe, Container container, String podIp) {
    String host = probe.getTcpSocket().getHost().isEmpty() ? podIp : probe.getTcpSocket().getHost();
    ProbeResult refused = checkHost(host, podIp);
    if (refused != null) {
      return refused;
    }
    int port;
    try {
      port = resolvePort(probe.getTcpSocket().getPort(), container);
    } catch (IllegalArgumentException e) {
      return ProbeResult.failed(e.getMessage());
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout(probe).toMillis());
      return ProbeResult.ok();
    } catch (IOException e) {
      return ProbeResult.failed("dial tcp " + host + ":" + port + ": " + e.getMessage());
    }
  }

  /** Only the pod's own address and loopback may be probed: nothing may leave the machine. */
  private static ProbeResult checkHost(String host, String podIp) {
    if (host == null || host.isEmpty()) {
      return ProbeResult.failed("the pod has no IP yet");
    }
    if (host.equals(podIp) || host.startsWith("127.") || host.equals("localhost")) {
      return null;
    }
    return ProbeResult.failed("probe host " + host + " refused: only the pod IP or loopback may be probed");
  }

  /** A port number, or the name of one of the container's ports. */
  static int resolvePort(IntOrString port, Container container) {
    if (port.hasIntVal()) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    for (ContainerPort p : container.getPortsList()) {
      if (p.getName().equals(name)) {
        return p.getContainerPort();
      }
    }
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port \"" + name + "\" is not a port of container " + container.getName());
    }
  }

  private static void drain(HttpURLConnection connection) {
    try (InputStream in = connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) {
        in.readNBytes(10 * 1024);
      }
    } catch (IOException e) {
      // the status code is all a probe needs
    }
  }
}
