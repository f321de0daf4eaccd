package io.kava.apiserver.admission.podsecurity;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.admission.podsecurity.PodSecurityChecks.Violation;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.registry.WriteHook;
import io.kava.client.Kinds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Upstream's PodSecurity admission: the namespace's labels pod-security.kubernetes.io/enforce|warn|audit
 * (with -version) choose a Pod Security Standards level; a new pod that violates the enforce level is
 * refused with upstream's message, one that violates the warn level gives a warning. Runs as a validating
 * admission, after the pod's own validation and before anything is written.
 */
public final class PodSecurityAdmission implements WriteHook {
  public static final String PREFIX = "pod-security.kubernetes.io/";
  public static final String ENFORCE = PREFIX + "enforce";
  public static final String WARN = PREFIX + "warn";
  public static final String AUDIT = PREFIX + "audit";

  private final Function<String, Optional<Namespace>> namespaces;
  private final Consumer<String> warnings;

  /**
   * @param namespaces the namespace by name (the watch cache, with a storage fallback)
   * @param warnings where a warn-mode violation goes (the caller's warnings channel)
   */
  public PodSecurityAdmission(Function<String, Optional<Namespace>> namespaces, Consumer<String> warnings) {
    this.namespaces = namespaces;
    this.warnings = warnings;
  }

  /** A mode's policy from the namespace's labels: level and version (latest when unset). */
  record Policy(PodSecurityLevel level, String version) {
    static Optional<Policy> of(Map<String, String> labels, String mode) {
      String value = labels.get(mode);
      if (value == null) {
        return Optional.empty();
      }
      // As upstream, a level that cannot be parsed is evaluated as restricted.
      PodSecurityLevel level = PodSecurityLevel.parse(value).orElse(PodSecurityLevel.RESTRICTED);
      String version = labels.getOrDefault(mode + "-version", "latest");
      return Optional.of(new Policy(level, version.isEmpty() ? "latest" : version));
    }

    @Override
    public String toString() {
      return level.label() + ":" + version;
    }
  }

  /** Upstream's text after `is forbidden: ` ("violates"), or of a warning ("would violate"). */
  static String violates(String verb, Policy policy, List<Violation> violations) {
    return verb + " PodSecurity \"" + policy + "\": "
        + violations.stream().map(Violation::toString).collect(Collectors.joining(", "));
  }

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    Pod pod = (Pod) object;
    Map<String, String> labels = namespaces.apply(pod.getMetadata().getNamespace())
        .map(ns -> ns.getMetadata().getLabelsMap()).orElse(Map.of());
    Optional<Policy> enforce = Policy.of(labels, ENFORCE);
    if (enforce.isPresent()) {
      List<Violation> violations = PodSecurityChecks.check(enforce.get().level(), pod.getSpec());
      if (!violations.isEmpty()) {
        throw ApiError.forbidden(Kinds.POD, pod.getMetadata().getName(), violates("violates", enforce.get(), violations));
      }
    }
    Policy.of(labels, WARN).ifPresent(warn -> {
      List<Violation> violations = PodSecurityChecks.check(warn.level(), pod.getSpec());
      if (!violations.isEmpty()) {
        warnings.accept(violates("would violate", warn, violations));
      }
    });
    return WriteHook.nothing(pod);
  }

  @Override
  public Pending beginUpdate(Message object, Message old, boolean dryRun) {
    // Upstream checks updates only of the few mutable security fields; pod specs here are immutable there.
    return WriteHook.nothing(object);
  }

  @Override
  public void afterDelete(Message deleted) {}
}
