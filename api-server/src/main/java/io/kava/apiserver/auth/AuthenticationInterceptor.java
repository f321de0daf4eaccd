package io.kava.apiserver.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authenticates every call before it reaches a handler: the first authenticator that recognises the
 * credentials names the user (as upstream's union authenticator); a call with no credentials is
 * anonymous when that is allowed and refused otherwise; invalid credentials are always refused.
 */
public final class AuthenticationInterceptor implements ServerInterceptor {
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final List<Authenticator> authenticators;
  private final boolean anonymousAllowed;

  public AuthenticationInterceptor(List<Authenticator> authenticators, boolean anonymousAllowed) {
    this.authenticators = List.copyOf(authenticators);
    this.anonymousAllowed = anonymousAllowed;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    UserInfo user;
    try {
      user = authenticate(credentials(call, headers));
    } catch (AuthenticationException e) {
      call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AuthRecord.authenticated(user);
    return Contexts.interceptCall(Context.current().withValue(RequestUser.KEY, user), call, headers, next);
  }

  /** The user these credentials name; throws when they name nobody and anonymous calls are refused. */
  public UserInfo authenticate(Credentials credentials) {
    if (!credentials.isEmpty()) {
      for (Authenticator a : authenticators) {
        Optional<UserInfo> user = a.authenticate(credentials);
        if (user.isPresent()) {
          return user.get().authenticated();
        }
      }
      throw new AuthenticationException("Unauthorized: the credentials presented are not valid");
    }
    if (anonymousAllowed) {
      return UserInfo.anonymous();
    }
    throw new AuthenticationException("Unauthorized: no credentials (anonymous requests are refused)");
  }

  static Credentials credentials(ServerCall<?, ?> call, Metadata headers) {
    String header = headers.get(AUTHORIZATION);
    Optional<String> token = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? Optional.of(header.substring(BEARER.length()).strip()).filter(t -> !t.isEmpty())
        : Optional.empty();
    return new Credentials(token, peerCertificates(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
  }

  private static List<X509Certificate> peerCertificates(SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
