package io.kava.dns.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends names outside the cluster zone to the one upstream resolver given with --upstream (CoreDNS's
 * `forward . HOST:PORT`), asynchronously, so no worker thread waits for it. Never created without that
 * flag: by default nothing is sent anywhere.
 */
public final class Forwarder {
  private final SimpleResolver resolver;

  public Forwarder(InetSocketAddress upstream, Duration timeout) {
    this.resolver = new SimpleResolver(upstream);
    this.resolver.setTimeout(timeout);
  }

  public CompletionStage<Message> forward(Message query) {
    return resolver.sendAsync(query.clone());
  }

  public InetSocketAddress address() {
    return resolver.getAddress();
  }
}
