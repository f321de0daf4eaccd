package io.kava.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.VersionInfo;
import io.kava.api.v1.VersionRequest;
import io.kava.client.config.ClientConfig;
import io.kava.client.pki.CertificateAuthority;
import io.kava.client.pki.CertificateProfile;
import io.kava.client.pki.IssuedCertificate;
import io.kava.client.pki.TlsContexts;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client certificate that rotates under a live KavaClient (the kubelet's): over real TLS on loopback,
 * the server records the serial number each call's connection presented. After the source moves on and
 * the channel goes idle, the next call comes on a new connection with the new certificate.
 */
class RotatingCertificateIT {
  private final CertificateAuthority ca = CertificateAuthority.create("kubernetes");
  private final List<BigInteger> presented = new CopyOnWriteArrayList<>();
  private Server server;

  @BeforeEach
  void start() throws Exception {
    IssuedCertificate serving = ca.issue(CertificateProfile.server("kube-apiserver", List.of("localhost"), List.of("127.0.0.1")));
    ServerInterceptor recorder = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        try {
          presented.add(((X509Certificate) call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION).getPeerCertificates()[0])
              .getSerialNumber());
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
          presented.add(BigInteger.ZERO);
        }
        return next.startCall(call, headers);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(TlsContexts.requestingServer(serving, List.of(ca.certificate())))
        .intercept(recorder)
        .addService(new ApiGrpc.ApiImplBase() {
          @Override
          public void version(VersionRequest request, StreamObserver<VersionInfo> response) {
            response.onNext(VersionInfo.getDefaultInstance());
            response.onCompleted();
          }
        })
        .build().start();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  @Test
  void theNextConnectionAfterARotationPresentsTheNewCertificate() {
    IssuedCertificate first = ca.issue(CertificateProfile.client("system:node:n1", List.of("system:nodes")));
    IssuedCertificate second = ca.issue(CertificateProfile.client("system:node:n1", List.of("system:nodes")));
    AtomicReference<IssuedCertificate> source = new AtomicReference<>(first);
    ClientConfig config = new ClientConfig("127.0.0.1:" + server.getPort(), true, List.of(ca.certificate()), null, null);
    try (KavaClient client = KavaClient.connect(config, source::get)) {
      client.blocking().version(VersionRequest.getDefaultInstance());
      source.set(second);
      client.blocking().version(VersionRequest.getDefaultInstance()); // the open connection keeps its certificate
      client.channel().enterIdle();
      client.blocking().version(VersionRequest.getDefaultInstance());
    }
    BigInteger one = first.certificate().getSerialNumber();
    assertThat(presented).containsExactly(one, one, second.certificate().getSerialNumber());
  }
}
