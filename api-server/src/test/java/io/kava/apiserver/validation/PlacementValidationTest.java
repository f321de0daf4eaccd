package io.kava.apiserver.validation;

import static io.kava.apiserver.validation.ValidationTest.errors;
import static io.kava.apiserver.validation.ValidationTest.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelector;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PodAffinity;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PreferredSchedulingTerm;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.api.core.v1.WeightedPodAffinityTerm;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.apiserver.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Affinity terms and topology spread constraints: upstream's paths and reasons, nothing else flagged. */
class PlacementValidationTest {
  private static final LabelSelector WEB = LabelSelector.newBuilder().putMatchLabels("app", "web").build();
  private static final PodAffinityTerm TERM = PodAffinityTerm.newBuilder().setLabelSelector(WEB)
      .setTopologyKey("kubernetes.io/hostname").build();
  private static final TopologySpreadConstraint SPREAD = TopologySpreadConstraint.newBuilder().setMaxSkew(1)
      .setTopologyKey("topology.kubernetes.io/zone").setWhenUnsatisfiable("DoNotSchedule").setLabelSelector(WEB).build();

  private static PodSpec withAffinity(Affinity affinity) {
    return Fixtures.podSpec().toBuilder().setAffinity(affinity).build();
  }

  private static PodSpec withSpread(TopologySpreadConstraint... constraints) {
    return Fixtures.podSpec().toBuilder().addAllTopologySpreadConstraints(List.of(constraints)).build();
  }

  private static Affinity antiAffinity(PodAffinityTerm term) {
    return Affinity.newBuilder().setPodAntiAffinity(PodAffinity.newBuilder()
        .addRequiredDuringSchedulingIgnoredDuringExecution(term)).build();
  }

  @Test
  void wellFormedTermsAndConstraintsPass() {
    Affinity affinity = Affinity.newBuilder()
        .setPodAffinity(PodAffinity.newBuilder().addRequiredDuringSchedulingIgnoredDuringExecution(TERM.toBuilder()
            .setNamespaceSelector(LabelSelector.getDefaultInstance()).addNamespaces("team-a")))
        .setPodAntiAffinity(PodAffinity.newBuilder().addPreferredDuringSchedulingIgnoredDuringExecution(
            WeightedPodAffinityTerm.newBuilder().setWeight(100).setPodAffinityTerm(TERM)))
        .setNodeAffinity(NodeAffinity.newBuilder().addPreferredDuringSchedulingIgnoredDuringExecution(
            PreferredSchedulingTerm.newBuilder().setWeight(1).setPreference(NodeSelectorTerm.newBuilder()
                .addMatchExpressions(NodeSelectorRequirement.newBuilder().setKey("disk").setOperator("In").addValues("ssd")))))
        .build();
    TopologySpreadConstraint full = SPREAD.toBuilder().setMinDomains(2).setNodeAffinityPolicy("Ignore")
        .setNodeTaintsPolicy("Honor").addMatchLabelKeys("pod-template-hash").build();

    assertThat(errors(pod(withAffinity(affinity)))).isEmpty();
    assertThat(errors(pod(withSpread(full, SPREAD.toBuilder().setWhenUnsatisfiable("ScheduleAnyway").build())))).isEmpty();
  }

  @Test
  void anAffinityTermNeedsATopologyKey() {
    assertThat(errors(pod(withAffinity(antiAffinity(TERM.toBuilder().clearTopologyKey().build())))))
        .containsExactly("spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey"
            + " FieldValueRequired");
    assertThat(errors(pod(withAffinity(antiAffinity(TERM.toBuilder().setTopologyKey("bad key").build())))))
        .containsExactly("spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey"
            + " FieldValueInvalid");
  }

  @Test
  void weightsMustLieBetweenOneAndAHundred() {
    Affinity podWeights = Affinity.newBuilder().setPodAffinity(PodAffinity.newBuilder()
        .addPreferredDuringSchedulingIgnoredDuringExecution(WeightedPodAffinityTerm.newBuilder().setWeight(0).setPodAffinityTerm(TERM))
        .addPreferredDuringSchedulingIgnoredDuringExecution(WeightedPodAffinityTerm.newBuilder().setWeight(101).setPodAffinityTerm(TERM)))
        .setNodeAffinity(NodeAffinity.newBuilder().addPreferredDuringSchedulingIgnoredDuringExecution(
            PreferredSchedulingTerm.newBuilder().setWeight(-1).setPreference(NodeSelectorTerm.newBuilder()
                .addMatchExpressions(NodeSelectorRequirement.newBuilder().setKey("disk").setOperator("Exists")))))
        .build();

    assertThat(errors(pod(withAffinity(podWeights)))).containsExactlyInAnyOrder(
        "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight FieldValueInvalid",
        "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[1].weight FieldValueInvalid",
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight FieldValueInvalid");
  }

  @Test
  void termSelectorsNamespacesAndNodeSelectorTermsAreChecked() {
    PodAffinityTerm bad = TERM.toBuilder().addNamespaces("Not_A_Namespace")
        .setLabelSelector(LabelSelector.newBuilder().addMatchExpressions(
            io.kava.api.meta.v1.LabelSelectorRequirement.newBuilder().setKey("app").setOperator("In"))).build();
    Affinity required = antiAffinity(bad).toBuilder().setNodeAffinity(NodeAffinity.newBuilder()
        .setRequiredDuringSchedulingIgnoredDuringExecution(NodeSelector.getDefaultInstance())).build();

    assertThat(errors(pod(withAffinity(required)))).containsExactlyInAnyOrder(
        "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values"
            + " FieldValueRequired",
        "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace FieldValueInvalid",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms FieldValueRequired");
  }

  @Test
  void aSpreadConstraintNeedsAPositiveMaxSkewATopologyKeyAndAKnownAction() {
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().setMaxSkew(0).build()))))
        .containsExactly("spec.topologySpreadConstraints[0].maxSkew FieldValueInvalid");
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().clearTopologyKey().build()))))
        .containsExactly("spec.topologySpreadConstraints[0].topologyKey FieldValueRequired");
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().setWhenUnsatisfiable("Sometimes").build()))))
        .containsExactly("spec.topologySpreadConstraints[0].whenUnsatisfiable FieldValueNotSupported");
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().clearWhenUnsatisfiable().build()))))
        .containsExactly("spec.topologySpreadConstraints[0].whenUnsatisfiable FieldValueNotSupported");
  }

  @Test
  void minDomainsOnlyWithDoNotScheduleAndAboveZero() {
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().setWhenUnsatisfiable("ScheduleAnyway").setMinDomains(2).build()))))
        .containsExactly("spec.topologySpreadConstraints[0].minDomains FieldValueInvalid");
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().setMinDomains(0).build()))))
        .containsExactly("spec.topologySpreadConstraints[0].minDomains FieldValueInvalid");
  }

  @Test
  void duplicatesPoliciesAndMatchLabelKeys() {
    TopologySpreadConstraint keyInSelector = SPREAD.toBuilder().setTopologyKey("kubernetes.io/hostname")
        .addMatchLabelKeys("app").setNodeTaintsPolicy("Sometimes").build();

    assertThat(errors(pod(withSpread(SPREAD, SPREAD, keyInSelector)))).containsExactlyInAnyOrder(
        "spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable} FieldValueDuplicate",
        "spec.topologySpreadConstraints[2].matchLabelKeys[0] FieldValueInvalid",
        "spec.topologySpreadConstraints[2].nodeTaintsPolicy FieldValueNotSupported");
    assertThat(errors(pod(withSpread(SPREAD.toBuilder().clearLabelSelector().addMatchLabelKeys("version").build()))))
        .containsExactly("spec.topologySpreadConstraints[0].matchLabelKeys FieldValueForbidden");
  }

  @Test
  void aDeploymentTemplateIsCheckedTheSameWay() {
    Deployment deployment = Fixtures.deployment("default", "web");
    Deployment bad = deployment.toBuilder().setSpec(deployment.getSpec().toBuilder().setTemplate(
        deployment.getSpec().getTemplate().toBuilder().setSpec(deployment.getSpec().getTemplate().getSpec().toBuilder()
            .addTopologySpreadConstraints(SPREAD.toBuilder().setMaxSkew(0))))).build();

    assertThat(errors(bad)).containsExactly("spec.template.spec.topologySpreadConstraints[0].maxSkew FieldValueInvalid");
  }
}
