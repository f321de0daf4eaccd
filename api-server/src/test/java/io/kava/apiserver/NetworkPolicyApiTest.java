package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ListOptions;
import io.kava.client.codec.Manifests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** networking.k8s.io/v1 NetworkPolicy through the API: defaults on create, field errors with nothing stored. */
class NetworkPolicyApiTest {
  private final InProcessApi api = new InProcessApi();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aCreatedPolicyIsDefaulted() {
    NetworkPolicy created = api.client.resource(NetworkPolicy.class).create(Manifests.parseAs("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-web, namespace: default}
        spec:
          podSelector: {matchLabels: {app: web}}
          ingress: [{ports: [{port: 80}]}]
          egress: [{}]
        """, NetworkPolicy.class));
    assertThat(created.getSpec().getPolicyTypesList()).containsExactly("Ingress", "Egress");
    assertThat(created.getSpec().getIngress(0).getPorts(0).getProtocol()).isEqualTo("TCP");
  }

  @Test
  void aBadPolicyIsAFieldErrorAndNothingIsStored() {
    assertThatThrownBy(() -> api.client.resource(NetworkPolicy.class).create(Manifests.parseAs("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: bad, namespace: default}
        spec:
          podSelector: {}
          ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [192.168.0.0/24]}}], ports: [{port: 80, endPort: 79}]}]
        """, NetworkPolicy.class)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.reason()).isEqualTo("Invalid");
          assertThat(e.getMessage())
              .contains("spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"192.168.0.0/24\": must be a strict subset of `cidr`")
              .contains("spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`");
        });
    assertThat(api.client.resource(NetworkPolicy.class).list(ListOptions.all()).items()).isEmpty();
  }

  @Test
  void aNamespaceCarriesItsNameAsTheMetadataNameLabel() {
    Namespace ns = api.client.resource(Namespace.class).create(Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
        .setMetadata(ObjectMeta.newBuilder().setName("team-a").putLabels("kubernetes.io/metadata.name", "wrong")).build());
    assertThat(ns.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/metadata.name", "team-a");
  }
}
