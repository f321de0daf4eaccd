package io.kava.apiserver.admission;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstream's admission plugin names (pkg/kubeapiserver/options/plugins.go): every name in the order the
 * plugins run, the set on by default, and the flags' rule: --enable-admission-plugins adds to the default
 * set, --disable-admission-plugins takes away, an unknown name or a name in both is refused.
 */
public final class AdmissionPlugins {
  public static final String ALWAYS_ADMIT = "AlwaysAdmit";
  public static final String NAMESPACE_LIFECYCLE = "NamespaceLifecycle";
  public static final String LIMIT_RANGER = "LimitRanger";
  public static final String SERVICE_ACCOUNT = "ServiceAccount";
  public static final String NODE_RESTRICTION = "NodeRestriction";
  public static final String POD_SECURITY = "PodSecurity";
  public static final String PRIORITY = "Priority";
  public static final String DEFAULT_TOLERATION_SECONDS = "DefaultTolerationSeconds";
  public static final String EVENT_RATE_LIMIT = "EventRateLimit";
  public static final String DEFAULT_STORAGE_CLASS = "DefaultStorageClass";
  public static final String RESOURCE_QUOTA = "ResourceQuota";
  public static final String ALWAYS_DENY = "AlwaysDeny";

  /** Every upstream plugin, in the order upstream runs them (ResourceQuota last but AlwaysDeny). */
  public static final List<String> ORDERED = List.of(ALWAYS_ADMIT, "NamespaceAutoProvision", NAMESPACE_LIFECYCLE,
      "NamespaceExists", "LimitPodHardAntiAffinityTopology", LIMIT_RANGER, SERVICE_ACCOUNT, NODE_RESTRICTION,
      "TaintNodesByCondition", "AlwaysPullImages", "ImagePolicyWebhook", POD_SECURITY, "PodNodeSelector", PRIORITY,
      DEFAULT_TOLERATION_SECONDS, "PodTolerationRestriction", EVENT_RATE_LIMIT, "ExtendedResourceToleration",
      DEFAULT_STORAGE_CLASS, "StorageObjectInUseProtection", "OwnerReferencesPermissionEnforcement",
      "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval", "CertificateSigning",
      "ClusterTrustBundleAttest", "CertificateSubjectRestriction", "DefaultIngressClass", "DenyServiceExternalIPs",
      "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook", RESOURCE_QUOTA,
      ALWAYS_DENY);

  /** Upstream's default-on set (kube-apiserver 1.32). */
  public static final Set<String> DEFAULT_ON = Set.of(NAMESPACE_LIFECYCLE, LIMIT_RANGER, SERVICE_ACCOUNT,
      "TaintNodesByCondition", POD_SECURITY, PRIORITY, DEFAULT_TOLERATION_SECONDS, DEFAULT_STORAGE_CLASS,
      "StorageObjectInUseProtection", "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval",
      "CertificateSigning", "ClusterTrustBundleAttest", "CertificateSubjectRestriction", "DefaultIngressClass",
      "MutatingAdmissionWebhook", "ValidatingAdmissionPolicy", "ValidatingAdmissionWebhook", RESOURCE_QUOTA);

  /** The plugins Kava runs when on; the other names are accepted and do nothing. */
  public static final Set<String> IMPLEMENTED = Set.of(ALWAYS_ADMIT, NAMESPACE_LIFECYCLE, LIMIT_RANGER,
      SERVICE_ACCOUNT, NODE_RESTRICTION, POD_SECURITY, PRIORITY, DEFAULT_TOLERATION_SECONDS, EVENT_RATE_LIMIT, DEFAULT_STORAGE_CLASS,
      RESOURCE_QUOTA);

  /** Built into Kava's registry and strategies: they stay on when disabled (a warning says so). */
  public static final Set<String> ALWAYS_ON = Set.of(NAMESPACE_LIFECYCLE, PRIORITY, DEFAULT_TOLERATION_SECONDS);

  private AdmissionPlugins() {}

  /** The default set with the flags applied, in running order; throws IllegalArgumentException with upstream's message. */
  public static List<String> resolve(List<String> enable, List<String> disable) {
    List<String> errors = new ArrayList<>();
    for (String name : enable) {
      if (!ORDERED.contains(name)) {
        errors.add("enable-admission-plugins plugin \"" + name + "\" is unknown");
      }
    }
    for (String name : disable) {
      if (!ORDERED.contains(name)) {
        errors.add("disable-admission-plugins plugin \"" + name + "\" is unknown");
      }
    }
    Set<String> both = new TreeSet<>(enable);
    both.retainAll(disable);
    if (!both.isEmpty()) {
      errors.add(both + " in enable-admission-plugins and disable-admission-plugins overlapped");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    Set<String> on = new LinkedHashSet<>(DEFAULT_ON);
    on.addAll(enable);
    disable.forEach(on::remove);
    return ORDERED.stream().filter(on::contains).toList();
  }
}
