package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticationInterceptorTest {
  private static final Authenticator TOKENS = c -> c.bearerToken()
      .map(t -> {
        if (!t.equals("good")) {
          throw new AuthenticationException("unknown token");
        }
        return UserInfo.of("alice", "dev");
      });

  private static Credentials token(String t) {
    return new Credentials(Optional.of(t), List.of());
  }

  @Test
  void theFirstAuthenticatorThatKnowsTheCredentialsNamesTheUserAndAddsTheAuthenticatedGroup() {
    UserInfo user = new AuthenticationInterceptor(List.of(c -> Optional.empty(), TOKENS), false).authenticate(token("good"));
    assertThat(user.name()).isEqualTo("alice");
    assertThat(user.groups()).containsExactly("dev", UserInfo.AUTHENTICATED_GROUP);
  }

  @Test
  void invalidCredentialsAreRefusedEvenWhenAnonymousCallsAreAllowed() {
    assertThatThrownBy(() -> new AuthenticationInterceptor(List.of(TOKENS), true).authenticate(token("bad")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("unknown token");
  }

  @Test
  void credentialsNoAuthenticatorKnowsAreRefused() {
    assertThatThrownBy(() -> new AuthenticationInterceptor(List.of(), true).authenticate(token("x")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("not valid");
  }

  @Test
  void noCredentialsAreAnonymousOnlyWhenAllowed() {
    assertThat(new AuthenticationInterceptor(List.of(TOKENS), true).authenticate(Credentials.none()))
        .isEqualTo(UserInfo.anonymous());
    assertThatThrownBy(() -> new AuthenticationInterceptor(List.of(TOKENS), false).authenticate(Credentials.none()))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("anonymous");
  }
}
