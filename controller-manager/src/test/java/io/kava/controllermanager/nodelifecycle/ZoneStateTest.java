package io.kava.controllermanager.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneStateTest {
  private static final NodeLifecycleConfig CONFIG = NodeLifecycleConfig.defaults();

  @Test
  void noReadyNodeIsAFullDisruption() {
    assertThat(ZoneState.of(List.of("Unknown", "False", ""), 0.55)).isEqualTo(ZoneState.FULL_DISRUPTION);
  }

  @Test
  void moreThanTwoNotReadyAtTheThresholdIsAPartialDisruption() {
    assertThat(ZoneState.of(List.of("Unknown", "Unknown", "Unknown", "True", "True"), 0.55))
        .isEqualTo(ZoneState.PARTIAL_DISRUPTION);
    assertThat(ZoneState.of(List.of("Unknown", "Unknown", "True"), 0.55)).as("only two").isEqualTo(ZoneState.NORMAL);
    assertThat(ZoneState.of(List.of("Unknown", "Unknown", "Unknown", "True", "True", "True"), 0.55))
        .as("half is below 0.55").isEqualTo(ZoneState.NORMAL);
  }

  @Test
  void aPartiallyDisruptedZoneKeepsTheSecondaryRateOnlyWhenLarge() {
    assertThat(ZoneState.PARTIAL_DISRUPTION.evictionRate(51, CONFIG)).isEqualTo(0.01);
    assertThat(ZoneState.PARTIAL_DISRUPTION.evictionRate(50, CONFIG)).isZero();
    assertThat(ZoneState.NORMAL.evictionRate(3, CONFIG)).isEqualTo(0.1);
    assertThat(ZoneState.FULL_DISRUPTION.evictionRate(3, CONFIG)).isEqualTo(0.1);
  }

  @Test
  void theZoneKeyJoinsRegionAndZone() {
    var node = io.kava.controllermanager.testing.Nodes.inZone(
        io.kava.controllermanager.testing.Nodes.node("n", "True", java.time.Instant.now()), "a");
    assertThat(ZoneState.zoneOf(node)).isEqualTo(":\u0000:a");
    assertThat(ZoneState.zoneOf(io.kava.controllermanager.testing.Nodes.node("n", "True", java.time.Instant.now())))
        .isEmpty();
  }
}
