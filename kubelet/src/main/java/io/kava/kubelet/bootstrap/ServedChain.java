package io.kava.kubelet.bootstrap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate chain a TLS server presents, read with verification off: one handshake, then the
 * connection is closed without a byte of application data, so nothing (no token) reaches the server.
 */
public final class ServedChain {
  private ServedChain() {}

  public static List<X509Certificate> fetch(String host, int port, int timeoutMillis) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAll()}, null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : socket.getSession().getPeerCertificates()) {
          chain.add((X509Certificate) c);
        }
        return chain;
      }
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Trusts whatever is served: the caller pins the CA by its hash afterwards. */
  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
