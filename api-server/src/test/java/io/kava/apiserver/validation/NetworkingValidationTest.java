package io.kava.apiserver.validation;

import static io.kava.apiserver.validation.ValidationTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.apiserver.defaulting.NetworkingDefaults;
import io.kava.client.codec.Manifests;
import org.junit.jupiter.api.Test;

/** Upstream's ValidateNetworkPolicy and SetDefaults_NetworkPolicy: each error names its field path and reason. */
class NetworkingValidationTest {
  /** The example of https://kubernetes.io/docs/concepts/services-networking/network-policies/, unchanged. */
  static final String DOCS_EXAMPLE = """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: test-network-policy
        namespace: default
      spec:
        podSelector:
          matchLabels:
            role: db
        policyTypes:
        - Ingress
        - Egress
        ingress:
        - from:
          - ipBlock:
              cidr: 172.17.0.0/16
              except:
              - 172.17.1.0/24
          - namespaceSelector:
              matchLabels:
                project: myproject
          - podSelector:
              matchLabels:
                role: frontend
          ports:
          - protocol: TCP
            port: 6379
        egress:
        - to:
          - ipBlock:
              cidr: 10.0.0.0/24
          ports:
          - protocol: TCP
            port: 5978
      """;

  static NetworkPolicy policy(String spec) {
    return Manifests.parseAs("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: default}
        spec:
        """ + spec.indent(2), NetworkPolicy.class);
  }

  @Test
  void theDocsExampleAndTheDefaultDenyPoliciesAreValid() {
    assertThat(errors(Manifests.parseAs(DOCS_EXAMPLE, NetworkPolicy.class))).isEmpty();
    assertThat(errors(policy("podSelector: {}\npolicyTypes: [Ingress]"))).isEmpty();
    assertThat(errors(policy("podSelector: {}\npolicyTypes: [Egress]"))).isEmpty();
    assertThat(errors(policy("podSelector: {}\ningress: [{}]"))).isEmpty();
    assertThat(errors(policy("podSelector: {}\npolicyTypes: [Ingress, Egress]"))).isEmpty();
    assertThat(errors(policy("""
        podSelector: {}
        egress:
        - to: [{ipBlock: {cidr: 10.0.0.0/24}}]
          ports: [{protocol: TCP, port: 32000, endPort: 32768}, {port: http}, {protocol: UDP}]
        - to: [{namespaceSelector: {matchLabels: {a: b}}, podSelector: {matchLabels: {c: d}}}]
        """))).isEmpty();
  }

  @Test
  void policyTypesDefaultToIngressAndToEgressWhenThereAreEgressRules() {
    assertThat(NetworkingDefaults.networkPolicy(policy("podSelector: {}")).getSpec().getPolicyTypesList())
        .containsExactly("Ingress");
    assertThat(NetworkingDefaults.networkPolicy(policy("podSelector: {}\negress: [{}]")).getSpec().getPolicyTypesList())
        .containsExactly("Ingress", "Egress");
    assertThat(NetworkingDefaults.networkPolicy(policy("podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]"))
        .getSpec().getPolicyTypesList()).containsExactly("Egress");
  }

  @Test
  void aPortsProtocolDefaultsToTcp() {
    NetworkPolicy p = NetworkingDefaults.networkPolicy(policy("""
        podSelector: {}
        ingress: [{ports: [{port: 80}, {protocol: UDP, port: 53}]}]
        egress: [{ports: [{port: 443}]}]
        """));
    assertThat(p.getSpec().getIngress(0).getPortsList()).extracting(port -> port.getProtocol()).containsExactly("TCP", "UDP");
    assertThat(p.getSpec().getEgress(0).getPorts(0).getProtocol()).isEqualTo("TCP");
  }

  @Test
  void aBadCidrOrAnExceptOutsideTheCidrIsInvalid() {
    assertThat(errors(policy("podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]")))
        .containsExactly("spec.ingress[0].from[0].ipBlock.cidr FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\ningress: [{from: [{ipBlock: {cidr: not-a-cidr}}]}]")))
        .containsExactly("spec.ingress[0].from[0].ipBlock.cidr FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\ningress: [{from: [{ipBlock: {cidr: ''}}]}]")))
        .containsExactly("spec.ingress[0].from[0].ipBlock.cidr FieldValueRequired");
    assertThat(errors(policy("podSelector: {}\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]")))
        .containsExactly("spec.egress[0].to[0].ipBlock.except[0] FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}}]}]")))
        .containsExactly("spec.egress[0].to[0].ipBlock.except[0] FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.5.0/24, 10.0.0.300/24]}}]}]")))
        .containsExactly("spec.egress[0].to[0].ipBlock.except[1] FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\negress: [{to: [{ipBlock: {cidr: 'fd00::/64', except: ['fd00::/96']}}]}]")))
        .isEmpty();
  }

  @Test
  void portsOutOfRangeAndBadEndPortsAreInvalid() {
    assertThat(errors(policy("podSelector: {}\ningress: [{ports: [{port: 0}, {port: 65536}]}]")))
        .containsExactly("spec.ingress[0].ports[0].port FieldValueInvalid", "spec.ingress[0].ports[1].port FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\ningress: [{ports: [{endPort: 90}]}]")))
        .containsExactly("spec.ingress[0].ports[0].endPort FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\ningress: [{ports: [{port: 100, endPort: 90}]}]")))
        .containsExactly("spec.ingress[0].ports[0].endPort FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\ningress: [{ports: [{port: http, endPort: 90}]}]")))
        .containsExactly("spec.ingress[0].ports[0].endPort FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\negress: [{ports: [{port: 100, endPort: 70000}]}]")))
        .containsExactly("spec.egress[0].ports[0].endPort FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\negress: [{ports: [{port: no--name}]}]")))
        .containsExactly("spec.egress[0].ports[0].port FieldValueInvalid");
    assertThat(errors(policy("podSelector: {}\negress: [{ports: [{protocol: ICMP}]}]")))
        .containsExactly("spec.egress[0].ports[0].protocol FieldValueNotSupported");
  }

  @Test
  void policyTypesMustBeIngressOrEgressAndAtMostTwo() {
    assertThat(errors(policy("podSelector: {}\npolicyTypes: [Ingres]")))
        .containsExactly("spec.policyTypes[0] FieldValueNotSupported");
    assertThat(errors(policy("podSelector: {}\npolicyTypes: [Ingress, Egress, Ingress]")))
        .containsExactly("spec.policyTypes FieldValueInvalid");
  }

  @Test
  void aPeerNeedsASelectorOrAnIpBlockAndAnIpBlockStandsAlone() {
    assertThat(errors(policy("podSelector: {}\ningress: [{from: [{}]}]")))
        .containsExactly("spec.ingress[0].from[0] FieldValueRequired");
    assertThat(errors(policy("podSelector: {}\ningress: [{from: [{podSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}]}]")))
        .containsExactly("spec.ingress[0].from[0] FieldValueForbidden");
    assertThat(errors(policy("podSelector: {matchExpressions: [{key: a, operator: In}]}")))
        .containsExactly("spec.podSelector.matchExpressions[0].values FieldValueRequired");
  }
}
