package io.kava.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.Namespace;
import io.kava.client.KavaClient;
import io.kava.client.ResourceClient;
import io.kava.client.testing.FakeApi;
import io.kava.client.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeLeaseRenewerTest {
  private final FakeApi api = new FakeApi();
  private final KavaClient client = api.client();
  private final ResourceClient<Lease> leases = client.resource(Lease.class);
  private final MutableClock clock = new MutableClock();
  private final NodeLeaseRenewer renewer = new NodeLeaseRenewer(leases, client.resource(Namespace.class), "n1", clock);

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  private long writes(String verb) {
    return api.writes().stream().filter(w -> w.startsWith(verb + " leases")).count();
  }

  @Test
  void renewsTheLeaseItLastWroteWithoutReadingItFirst() {
    renewer.renew();
    clock.advance(Duration.ofSeconds(10));
    renewer.renew();
    clock.advance(Duration.ofSeconds(10));
    renewer.renew();
    assertThat(writes("create")).isEqualTo(1);
    assertThat(writes("update")).isEqualTo(2);
    assertThat(leases.get("kube-node-lease", "n1").getSpec().getRenewTime())
        .isEqualTo(io.kava.client.Times.formatMicro(clock.instant()));
  }

  @Test
  void aLeaseSomeoneElseChangedIsReadAgainAndRenewed() {
    renewer.renew();
    Lease theirs = leases.get("kube-node-lease", "n1");
    leases.update(theirs.toBuilder().setSpec(theirs.getSpec().toBuilder().setHolderIdentity("other")).build());
    clock.advance(Duration.ofSeconds(10));
    renewer.renew(); // a conflict on the remembered copy: read, then renew
    Lease renewed = leases.get("kube-node-lease", "n1");
    assertThat(renewed.getSpec().getHolderIdentity()).isEqualTo("n1");
    assertThat(renewed.getSpec().getRenewTime()).isEqualTo(io.kava.client.Times.formatMicro(clock.instant()));
  }
}
