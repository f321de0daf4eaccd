package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartPoliciesTest {
  private static ContainerInfo exited(int code) {
    return new ContainerInfo("id", "n", "img", "", Map.of(), ContainerState.EXITED, code, false, "",
        Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, "");
  }

  @Test
  void appContainers() {
    assertThat(RestartPolicies.shouldRestart("Always", exited(0))).isTrue();
    assertThat(RestartPolicies.shouldRestart("Always", exited(1))).isTrue();
    assertThat(RestartPolicies.shouldRestart("OnFailure", exited(0))).isFalse();
    assertThat(RestartPolicies.shouldRestart("OnFailure", exited(137))).isTrue();
    assertThat(RestartPolicies.shouldRestart("Never", exited(1))).isFalse();
  }

  @Test
  void initContainersRunUntilTheySucceed() {
    assertThat(RestartPolicies.shouldRestartInit("Always", exited(0))).isFalse();
    assertThat(RestartPolicies.shouldRestartInit("Always", exited(1))).isTrue();
    assertThat(RestartPolicies.shouldRestartInit("OnFailure", exited(1))).isTrue();
    assertThat(RestartPolicies.shouldRestartInit("Never", exited(1))).isFalse();
    assertThat(RestartPolicies.initFailedForGood("Never", exited(1))).isTrue();
    assertThat(RestartPolicies.initFailedForGood("Always", exited(1))).isFalse();
  }
}
