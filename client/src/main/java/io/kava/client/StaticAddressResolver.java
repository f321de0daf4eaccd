package io.kava.client;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves "kava-servers:///h1:p1,h2:p2" to those addresses, in that order, so that one gRPC channel
 * with pick_first holds a connection to the first reachable API server and moves to the next when it
 * breaks. Host names are looked up on every resolution (a reconnect), not once.
 */
final class StaticAddressResolver extends NameResolver {
  static final String SCHEME = "kava-servers";

  private final ApiServers servers;
  private Listener2 listener;

  private StaticAddressResolver(ApiServers servers) {
    this.servers = servers;
  }

  static String target(ApiServers servers) {
    return SCHEME + ":///" + servers;
  }

  private static boolean registered;

  /** Registers the scheme once per JVM. */
  static synchronized void register() {
    if (!registered) {
      NameResolverRegistry.getDefaultRegistry().register(new Provider());
      registered = true;
    }
  }

  @Override
  public String getServiceAuthority() {
    return "kava-api-server";
  }

  @Override
  public void start(Listener2 listener) {
    this.listener = listener;
    resolve();
  }

  @Override
  public void refresh() {
    resolve();
  }

  private void resolve() {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (InetSocketAddress a : servers.addresses()) {
      try {
        java.net.InetAddress ip = java.net.InetAddress.getByName(a.getHostString());
        SocketAddress resolved = new InetSocketAddress(ip, a.getPort());
        groups.add(new EquivalentAddressGroup(resolved));
      } catch (UnknownHostException e) {
        unknown.add(a.getHostString());
      }
    }
    if (groups.isEmpty()) {
      listener.onError(Status.UNAVAILABLE.withDescription("Unknown API server hosts: " + unknown));
      return;
    }
    listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).setAttributes(Attributes.EMPTY).build());
  }

  @Override
  public void shutdown() {}

  private static final class Provider extends NameResolverProvider {
    @Override
    public NameResolver newNameResolver(URI uri, Args args) {
      if (!SCHEME.equals(uri.getScheme())) {
        return null;
      }
      String path = uri.getPath();
      return new StaticAddressResolver(ApiServers.parse(path.startsWith("/") ? path.substring(1) : path));
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public java.util.Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return List.of(InetSocketAddress.class);
    }
  }
}
