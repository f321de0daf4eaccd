package io.kava.kubectl.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Manifests;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply, get and describe of the docs' NetworkPolicy examples, unchanged, as kubectl 1.32 prints them. */
class DescribeNetworkPolicyTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    api.close();
  }

  private Result apply(String name) {
    return cli.run("apply", "-f", Manifests.write(dir, name, Manifests.text(name)).toString());
  }

  @Test
  void theDocsExamplesApplyAndShowInGetByEveryName() {
    Result applied = apply("networkpolicy.yaml");
    assertThat(applied.out()).as(applied.toString())
        .isEqualTo("networkpolicy.networking.k8s.io/test-network-policy created\n");
    Result deny = apply("network-policy-default-deny-all.yaml");
    assertThat(deny.out()).as(deny.toString()).isEqualTo("networkpolicy.networking.k8s.io/default-deny-all created\n");
    for (String name : new String[] {"netpol", "networkpolicies", "networkpolicy", "networkpolicies.networking.k8s.io"}) {
      String out = cli.run("get", name).out();
      assertThat(out).as(name).startsWith("NAME                  POD-SELECTOR   AGE\n")
          .contains("default-deny-all      <none>").contains("test-network-policy   role=db");
    }
    try (var client = api.client()) {
      NetworkPolicy stored = client.resource(NetworkPolicy.class).get("default", "test-network-policy");
      assertThat(stored.getSpec().getIngress(0).getFrom(0).getIpBlock().getExceptList()).containsExactly("172.17.1.0/24");
    }
  }

  @Test
  void describeShowsWhatEachRuleLetsInAndOut() {
    apply("networkpolicy.yaml");
    String out = cli.run("describe", "netpol", "test-network-policy").out();
    assertThat(out).containsSubsequence(
        "Name:", "test-network-policy",
        "Spec:",
        "  PodSelector:", "role=db",
        "  Allowing ingress traffic:",
        "    To Port:", "6379/TCP",
        "    From:",
        "      IPBlock:",
        "        CIDR:", "172.17.0.0/16",
        "        Except:", "172.17.1.0/24",
        "    From:",
        "      NamespaceSelector:", "project=myproject",
        "    From:",
        "      PodSelector:", "role=frontend",
        "  Allowing egress traffic:",
        "    To Port:", "5978/TCP",
        "    To:",
        "      IPBlock:",
        "        CIDR:", "10.0.0.0/24",
        "  Policy Types:", "Ingress, Egress");
    apply("network-policy-default-deny-all.yaml");
    assertThat(cli.run("describe", "netpol", "default-deny-all").out()).containsSubsequence(
        "  PodSelector:", "<none> (Allowing the specific traffic to all pods in this namespace)",
        "  Allowing ingress traffic:", "    <none> (Selected pods are isolated for ingress connectivity)",
        "  Allowing egress traffic:", "    <none> (Selected pods are isolated for egress connectivity)");
  }
}
