package io.kava.proxy.routes;

/**
 * One route to another node's pods: its pod range through that node's address, as flannel's host-gw
 * backend and kindnet write them.
 *
 * @param destination the node's podCIDR, e.g. 10.244.3.0/24
 * @param gateway the node's InternalIP, on a subnet this host reaches directly
 */
public record Route(String destination, String gateway) {
  @Override
  public String toString() {
    return destination + " via " + gateway;
  }
}
