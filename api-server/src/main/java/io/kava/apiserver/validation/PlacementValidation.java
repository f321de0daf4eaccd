package io.kava.apiserver.validation;

import io.kava.api.core.v1.Affinity;
import io.kava.api.core.v1.NodeAffinity;
import io.kava.api.core.v1.NodeSelectorRequirement;
import io.kava.api.core.v1.NodeSelectorTerm;
import io.kava.api.core.v1.PodAffinity;
import io.kava.api.core.v1.PodAffinityTerm;
import io.kava.api.core.v1.TopologySpreadConstraint;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.selector.LabelValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a pod may run, as upstream's validateAffinity and validateTopologySpreadConstraints: node
 * affinity terms, pod (anti-)affinity terms (a topologyKey each, weights 1-100), and topology spread
 * constraints (maxSkew above 0, a topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway,
 * minDomains only with DoNotSchedule), with upstream's paths and messages.
 */
final class PlacementValidation {
  static final List<String> WHEN_UNSATISFIABLE = List.of("DoNotSchedule", "ScheduleAnyway");
  static final List<String> NODE_INCLUSION_POLICIES = List.of("Honor", "Ignore");
  static final List<String> NODE_SELECTOR_OPERATORS = List.of("DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn");
  private static final String WEIGHT_RANGE = "must be in the range 1-100";
  private static final String NOT_POSITIVE = "must be greater than zero";

  private PlacementValidation() {}

  static void affinity(Affinity affinity, String path, List<FieldError> errs) {
    if (affinity.hasNodeAffinity()) {
      nodeAffinity(affinity.getNodeAffinity(), path + ".nodeAffinity", errs);
    }
    if (affinity.hasPodAffinity()) {
      podAffinity(affinity.getPodAffinity(), path + ".podAffinity", errs);
    }
    if (affinity.hasPodAntiAffinity()) {
      podAffinity(affinity.getPodAntiAffinity(), path + ".podAntiAffinity", errs);
    }
  }

  private static void nodeAffinity(NodeAffinity affinity, String path, List<FieldError> errs) {
    if (affinity.hasRequiredDuringSchedulingIgnoredDuringExecution()) {
      String p = path + ".requiredDuringSchedulingIgnoredDuringExecution";
      var terms = affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTermsList();
      if (terms.isEmpty()) {
        errs.add(FieldError.required(p + ".nodeSelectorTerms", "must have at least one node selector term"));
      }
      for (int i = 0; i < terms.size(); i++) {
        nodeSelectorTerm(terms.get(i), p + ".nodeSelectorTerms[" + i + "]", errs);
      }
    }
    String p = path + ".preferredDuringSchedulingIgnoredDuringExecution";
    for (int i = 0; i < affinity.getPreferredDuringSchedulingIgnoredDuringExecutionCount(); i++) {
      var term = affinity.getPreferredDuringSchedulingIgnoredDuringExecution(i);
      weight(term.getWeight(), p + "[" + i + "].weight", errs);
      nodeSelectorTerm(term.getPreference(), p + "[" + i + "].preference", errs);
    }
  }

  private static void nodeSelectorTerm(NodeSelectorTerm term, String path, List<FieldError> errs) {
    for (int j = 0; j < term.getMatchExpressionsCount(); j++) {
      NodeSelectorRequirement r = term.getMatchExpressions(j);
      String p = path + ".matchExpressions[" + j + "]";
      boolean comparison = r.getOperator().equals("Gt") || r.getOperator().equals("Lt");
      if (comparison && r.getValuesCount() != 1) {
        errs.add(FieldError.required(p + ".values", "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      } else if (!comparison && !MetaValidation.setOperatorValues(r.getOperator(), r.getValuesCount(), p + ".values", errs)) {
        errs.add(FieldError.notSupported(p + ".operator", r.getOperator(), NODE_SELECTOR_OPERATORS));
      }
      for (String msg : LabelValidation.isQualifiedName(r.getKey())) {
        errs.add(FieldError.invalid(p + ".key", r.getKey(), msg));
      }
    }
    for (int j = 0; j < term.getMatchFieldsCount(); j++) {
      NodeSelectorRequirement r = term.getMatchFields(j);
      String p = path + ".matchFields[" + j + "]";
      if (!r.getKey().equals("metadata.name")) {
        errs.add(FieldError.invalid(p + ".key", r.getKey(), "not a valid field selector key"));
      }
      if (!r.getOperator().equals("In") && !r.getOperator().equals("NotIn")) {
        errs.add(FieldError.notSupported(p + ".operator", r.getOperator(), List.of("In", "NotIn")));
      } else if (r.getValuesCount() != 1) {
        errs.add(FieldError.required(p + ".values", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
      }
    }
  }

  private static void podAffinity(PodAffinity affinity, String path, List<FieldError> errs) {
    String required = path + ".requiredDuringSchedulingIgnoredDuringExecution";
    for (int i = 0; i < affinity.getRequiredDuringSchedulingIgnoredDuringExecutionCount(); i++) {
      podAffinityTerm(affinity.getRequiredDuringSchedulingIgnoredDuringExecution(i), required + "[" + i + "]", errs);
    }
    String preferred = path + ".preferredDuringSchedulingIgnoredDuringExecution";
    for (int i = 0; i < affinity.getPreferredDuringSchedulingIgnoredDuringExecutionCount(); i++) {
      var term = affinity.getPreferredDuringSchedulingIgnoredDuringExecution(i);
      weight(term.getWeight(), preferred + "[" + i + "].weight", errs);
      podAffinityTerm(term.getPodAffinityTerm(), preferred + "[" + i + "].podAffinityTerm", errs);
    }
  }

  private static void podAffinityTerm(PodAffinityTerm term, String path, List<FieldError> errs) {
    if (term.hasLabelSelector()) {
      errs.addAll(MetaValidation.validateLabelSelector(term.getLabelSelector(), path + ".labelSelector"));
    }
    if (term.hasNamespaceSelector()) {
      errs.addAll(MetaValidation.validateLabelSelector(term.getNamespaceSelector(), path + ".namespaceSelector"));
    }
    for (String namespace : term.getNamespacesList()) {
      for (String msg : NameRules.label(namespace)) {
        errs.add(FieldError.invalid(path + ".namespace", namespace, msg));
      }
    }
    topologyKey(term.getTopologyKey(), path + ".topologyKey", errs);
  }

  static void topologySpreadConstraints(List<TopologySpreadConstraint> constraints, String path, List<FieldError> errs) {
    for (int i = 0; i < constraints.size(); i++) {
      TopologySpreadConstraint c = constraints.get(i);
      String p = path + "[" + i + "]";
      if (c.getMaxSkew() <= 0) {
        errs.add(FieldError.invalid(p + ".maxSkew", c.getMaxSkew(), NOT_POSITIVE));
      }
      if (c.getTopologyKey().isEmpty()) {
        errs.add(FieldError.required(p + ".topologyKey", "can not be empty"));
      }
      if (!WHEN_UNSATISFIABLE.contains(c.getWhenUnsatisfiable())) {
        errs.add(FieldError.notSupported(p + ".whenUnsatisfiable", c.getWhenUnsatisfiable(), WHEN_UNSATISFIABLE));
      }
      for (TopologySpreadConstraint later : constraints.subList(i + 1, constraints.size())) {
        if (later.getTopologyKey().equals(c.getTopologyKey()) && later.getWhenUnsatisfiable().equals(c.getWhenUnsatisfiable())) {
          errs.add(FieldError.duplicate(p + ".{topologyKey, whenUnsatisfiable}",
              "{" + c.getTopologyKey() + ", " + c.getWhenUnsatisfiable() + "}"));
          break;
        }
      }
      if (c.hasMinDomains()) {
        if (c.getMinDomains() <= 0) {
          errs.add(FieldError.invalid(p + ".minDomains", c.getMinDomains(), NOT_POSITIVE));
        }
        if (!c.getWhenUnsatisfiable().equals("DoNotSchedule")) {
          errs.add(FieldError.invalid(p + ".minDomains", c.getMinDomains(),
              "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " + c.getWhenUnsatisfiable()));
        }
      }
      PodValidation.oneOf(errs, p + ".nodeAffinityPolicy", c.getNodeAffinityPolicy(), NODE_INCLUSION_POLICIES);
      PodValidation.oneOf(errs, p + ".nodeTaintsPolicy", c.getNodeTaintsPolicy(), NODE_INCLUSION_POLICIES);
      matchLabelKeys(c, p + ".matchLabelKeys", errs);
      if (c.hasLabelSelector()) {
        errs.addAll(MetaValidation.validateLabelSelector(c.getLabelSelector(), p + ".labelSelector"));
      }
    }
  }

  /** Each key a label name, none already in labelSelector, and a labelSelector to add them to. */
  private static void matchLabelKeys(TopologySpreadConstraint c, String path, List<FieldError> errs) {
    if (c.getMatchLabelKeysCount() == 0) {
      return;
    }
    Set<String> selectorKeys = new HashSet<>(c.getLabelSelector().getMatchLabelsMap().keySet());
    for (LabelSelectorRequirement r : c.getLabelSelector().getMatchExpressionsList()) {
      selectorKeys.add(r.getKey());
    }
    if (!c.hasLabelSelector()) {
      errs.add(FieldError.forbidden(path, "must not be specified when labelSelector is not set"));
    }
    for (int i = 0; i < c.getMatchLabelKeysCount(); i++) {
      String key = c.getMatchLabelKeys(i);
      for (String msg : LabelValidation.isQualifiedName(key)) {
        errs.add(FieldError.invalid(path + "[" + i + "]", key, msg));
      }
      if (selectorKeys.contains(key)) {
        errs.add(FieldError.invalid(path + "[" + i + "]", key, "exists in both matchLabelKeys and labelSelector"));
      }
    }
  }

  private static void topologyKey(String key, String path, List<FieldError> errs) {
    if (key.isEmpty()) {
      errs.add(FieldError.required(path, "can not be empty"));
      return;
    }
    for (String msg : LabelValidation.isQualifiedName(key)) {
      errs.add(FieldError.invalid(path, key, msg));
    }
  }

  private static void weight(int weight, String path, List<FieldError> errs) {
    if (weight <= 0 || weight > 100) {
      errs.add(FieldError.invalid(path, weight, WEIGHT_RANGE));
    }
  }
}
