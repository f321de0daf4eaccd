package io.kava.controllermanager.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSubsetsTest {
  private static EndpointSubset subset(int port, int ready, int notReady) {
    EndpointSubset.Builder s = EndpointSubset.newBuilder().addPorts(EndpointPort.newBuilder().setPort(port));
    for (int i = 0; i < ready; i++) {
      s.addAddresses(EndpointAddress.newBuilder().setIp("10.0." + port % 250 + "." + i));
    }
    for (int i = 0; i < notReady; i++) {
      s.addNotReadyAddresses(EndpointAddress.newBuilder().setIp("10.1." + port % 250 + "." + i));
    }
    return s.build();
  }

  @Test
  void withinCapacityNothingIsTruncated() {
    List<EndpointSubset> subsets = List.of(subset(80, 600, 400));
    assertThat(EndpointSubsets.truncate(subsets, 1000)).isSameAs(subsets);
  }

  @Test
  void notReadyAddressesGoFirstInProportionToEachSubset() {
    List<EndpointSubset> truncated = EndpointSubsets.truncate(List.of(subset(80, 400, 300), subset(81, 400, 100)), 1000);

    // 200 not-ready places left: 3/4 and 1/4 of them.
    assertThat(truncated).extracting(EndpointSubset::getAddressesCount).containsExactly(400, 400);
    assertThat(truncated).extracting(EndpointSubset::getNotReadyAddressesCount).containsExactly(150, 50);
    assertThat(EndpointSubsets.addressCount(truncated)).isEqualTo(1000);
  }

  @Test
  void tooManyReadyAddressesDropEveryNotReadyOneAndShareTheRest() {
    List<EndpointSubset> truncated = EndpointSubsets.truncate(List.of(subset(80, 900, 10), subset(81, 300, 10)), 1000);

    assertThat(truncated).extracting(EndpointSubset::getAddressesCount).containsExactly(750, 250);
    assertThat(truncated).extracting(EndpointSubset::getNotReadyAddressesCount).containsExactly(0, 0);
  }
}
