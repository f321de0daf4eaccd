package io.kava.proxy;

/**
 * One endpoint of a service port, as upstream's BaseEndpointInfo: an address, the port of the slice,
 * and the slice's conditions read as upstream reads them (ready unset = ready; serving unset = ready;
 * terminating unset = not terminating).
 */
public record Endpoint(String ip, int port, boolean ready, boolean serving, boolean terminating) {
  public static Endpoint ready(String ip, int port) {
    return new Endpoint(ip, port, true, true, false);
  }

  /** "ip:port", the DNAT destination and part of the SEP chain's hash. */
  public String address() {
    return ip + ":" + port;
  }
}
