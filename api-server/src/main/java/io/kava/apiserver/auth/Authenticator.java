package io.kava.apiserver.auth;

import java.util.Optional;

/**
 * One way of telling who sent a request (client certificates, a token file, ServiceAccount tokens), as
 * upstream's authenticator.Request. Empty when these credentials are not its kind; an
 * {@link AuthenticationException} when they are its kind but invalid (expired, unknown, wrong CA).
 */
@FunctionalInterface
public interface Authenticator {
  Optional<UserInfo> authenticate(Credentials credentials);
}
