package io.kava.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.apiserver.auth.Authorizer.Decision.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizersTest {
  private static RequestAttributes listPods(UserInfo user) {
    return new RequestAttributes(user, "list", "", "pods", "", "", "");
  }

  @Test
  void systemMastersIsAllowedEvenWhenEveryModeAfterItDenies() {
    Authorizer chain = Authorizers.union(List.of(Authorizers.PRIVILEGED_GROUPS, Authorizers.ALWAYS_DENY));

    Authorizer.Decision admin = chain.authorize(listPods(UserInfo.of("kubernetes-admin", UserInfo.MASTERS_GROUP)));
    Authorizer.Decision other = chain.authorize(listPods(UserInfo.of("jane", "developers")));

    assertThat(admin.kind()).isEqualTo(Kind.ALLOW);
    assertThat(admin.reason()).contains("system:masters");
    assertThat(other.kind()).isEqualTo(Kind.DENY);
  }

  @Test
  void aUserNamedLikeTheGroupIsNotInIt() {
    Authorizer.Decision d = Authorizers.PRIVILEGED_GROUPS.authorize(listPods(UserInfo.of("system:masters")));

    assertThat(d.kind()).as("a user named like the group is not in it").isEqualTo(Kind.NO_OPINION);
  }
}
