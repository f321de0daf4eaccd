package io.kava.client.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Sends the bearer token a file holds, read again whenever the file changed, as client-go's
 * BearerTokenFile: the kubelet rewrites a pod's projected ServiceAccount token before it expires, and a
 * client that keeps the first one is refused once it does. A missing or empty file fails the call
 * UNAUTHENTICATED naming the file.
 */
public final class BearerTokenFile implements ClientInterceptor {
  private final Path file;
  private FileTime readAt;
  private String token;

  public BearerTokenFile(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The token now in the file (the one read before while the file is unchanged). */
  public synchronized String token() throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    if (token == null || !modified.equals(readAt)) {
      String read = Files.readString(file).strip();
      if (read.isEmpty()) {
        throw new IOException("the token file " + file + " is empty");
      }
      token = read;
      readAt = modified;
    }
    return token;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        try {
          headers.put(BearerToken.AUTHORIZATION, "Bearer " + token());
        } catch (IOException e) {
          throw Status.UNAUTHENTICATED.withDescription("could not read the bearer token: " + e.getMessage()).asRuntimeException();
        }
        super.start(listener, headers);
      }
    };
  }
}
