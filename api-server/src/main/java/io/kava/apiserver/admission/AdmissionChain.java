package io.kava.apiserver.admission;

import io.kava.api.core.v1.Pod;
import io.kava.apiserver.registry.ChainedWriteHook;
import io.kava.apiserver.registry.ValidatingAdmission;
import io.kava.apiserver.registry.WriteHook;
import io.kava.client.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The admission plugins that are on, each where it runs, in upstream's order whatever order they were
 * added in. Pod mutations (LimitRanger's defaults, the ServiceAccount volume) run before validation, in
 * the pod strategy; hooks (PodSecurity, LimitRanger's bounds, DefaultStorageClass, ResourceQuota last)
 * run after validation, before the object is stored; validating plugins (NodeRestriction) see every
 * write with its caller, in the registry. Priority, DefaultTolerationSeconds and
 * NamespaceLifecycle are built into the strategies and the registry.
 */
public final class AdmissionChain {
  private final UnaryOperator<Pod> podMutation;
  private final Map<Kind, List<WriteHook>> hooks;
  private final List<ValidatingAdmission> validating;

  private AdmissionChain(UnaryOperator<Pod> podMutation, Map<Kind, List<WriteHook>> hooks,
      List<ValidatingAdmission> validating) {
    this.podMutation = podMutation;
    this.hooks = hooks;
    this.validating = validating;
  }

  /** The validating plugins that are on, in upstream's order, for the registry to ask about every write. */
  public List<ValidatingAdmission> validating() {
    return validating;
  }

  /** Every enabled pod mutation, in order, as one. */
  public UnaryOperator<Pod> podMutation() {
    return podMutation;
  }

  /** Per kind one hook: the kind's own (a Service's allocations, the RBAC escalation check), then admission's. */
  public Map<Kind, WriteHook> hooks(Map<Kind, WriteHook> own) {
    Map<Kind, List<WriteHook>> all = new LinkedHashMap<>();
    own.forEach((kind, hook) -> all.computeIfAbsent(kind, k -> new ArrayList<>()).add(hook));
    hooks.forEach((kind, list) -> all.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(list));
    Map<Kind, WriteHook> out = new LinkedHashMap<>();
    all.forEach((kind, list) -> out.put(kind, ChainedWriteHook.of(list)));
    return out;
  }

  /** @param enabled the plugins that are on (AdmissionPlugins.resolve) */
  public static Builder builder(Collection<String> enabled) {
    return new Builder(enabled);
  }

  public static final class Builder {
    private record Mutation(String plugin, UnaryOperator<Pod> mutation) {}

    private record Hook(String plugin, Collection<Kind> kinds, WriteHook hook) {}

    private record Validation(String plugin, ValidatingAdmission admission) {}

    private final Collection<String> enabled;
    private final List<Mutation> mutations = new ArrayList<>();
    private final List<Hook> hooks = new ArrayList<>();
    private final List<Validation> validations = new ArrayList<>();

    private Builder(Collection<String> enabled) {
      this.enabled = List.copyOf(enabled);
    }

    /** A plugin's change to new pods, run before validation when the plugin is on. */
    public Builder mutatePods(String plugin, UnaryOperator<Pod> mutation) {
      if (enabled.contains(plugin)) {
        mutations.add(new Mutation(plugin, mutation));
      }
      return this;
    }

    /** A plugin's hook of these kinds' writes, run after validation when the plugin is on. */
    public Builder hook(String plugin, Collection<Kind> kinds, WriteHook hook) {
      if (enabled.contains(plugin)) {
        hooks.add(new Hook(plugin, List.copyOf(kinds), hook));
      }
      return this;
    }

    /** A plugin that sees every write through the registry with its caller, when the plugin is on. */
    public Builder validate(String plugin, ValidatingAdmission admission) {
      if (enabled.contains(plugin)) {
        validations.add(new Validation(plugin, admission));
      }
      return this;
    }

    public AdmissionChain build() {
      List<Mutation> orderedMutations = mutations.stream()
          .sorted(Comparator.comparingInt(m -> AdmissionPlugins.ORDERED.indexOf(m.plugin()))).toList();
      UnaryOperator<Pod> podMutation = pod -> {
        Pod current = pod;
        for (Mutation m : orderedMutations) {
          current = m.mutation().apply(current);
        }
        return current;
      };
      Map<Kind, List<WriteHook>> byKind = new LinkedHashMap<>();
      hooks.stream().sorted(Comparator.comparingInt(h -> AdmissionPlugins.ORDERED.indexOf(h.plugin())))
          .forEach(h -> h.kinds().forEach(k -> byKind.computeIfAbsent(k, x -> new ArrayList<>()).add(h.hook())));
      List<ValidatingAdmission> validating = validations.stream()
          .sorted(Comparator.comparingInt(v -> AdmissionPlugins.ORDERED.indexOf(v.plugin())))
          .map(Validation::admission).toList();
      return new AdmissionChain(podMutation, byKind, validating);
    }
  }
}
