package io.kava.apiserver.admission.podsecurity;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.Volume;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Upstream's Pod Security Standards checks (k8s.io/pod-security-admission/policy), with their reasons and
 * details word for word. Each check returns its violation or nothing; they run in upstream's order (by check
 * id), so the joined message reads as upstream's.
 */
public final class PodSecurityChecks {
  /** A failed check: upstream's forbiddenReason and forbiddenDetail. */
  public record Violation(String reason, String detail) {
    @Override
    public String toString() {
      return detail.isEmpty() ? reason : reason + " (" + detail + ")";
    }
  }

  static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
      "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
      "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
      "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
      "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

  private PodSecurityChecks() {}

  /** The violations of a pod spec at a level; privileged has none. */
  public static List<Violation> check(PodSecurityLevel level, PodSpec spec) {
    List<Violation> out = new ArrayList<>();
    if (level == PodSecurityLevel.PRIVILEGED) {
      return out;
    }
    boolean restricted = level == PodSecurityLevel.RESTRICTED;
    if (restricted) {
      add(out, allowPrivilegeEscalation(spec));
    }
    add(out, capabilitiesBaseline(spec));
    if (restricted) {
      add(out, capabilitiesRestricted(spec));
    }
    add(out, hostNamespaces(spec));
    add(out, hostPathVolumes(spec));
    add(out, hostPorts(spec));
    add(out, privileged(spec));
    add(out, procMount(spec));
    if (restricted) {
      add(out, restrictedVolumes(spec));
      add(out, runAsNonRoot(spec));
      add(out, runAsUser(spec));
    }
    add(out, restricted ? seccompRestricted(spec) : seccompBaseline(spec));
    add(out, sysctls(spec));
    return out;
  }

  private static void add(List<Violation> out, Violation v) {
    if (v != null) {
      out.add(v);
    }
  }

  private static Stream<Container> containers(PodSpec spec) {
    return Stream.concat(spec.getInitContainersList().stream(), spec.getContainersList().stream());
  }

  private static List<String> names(PodSpec spec, Predicate<Container> bad) {
    return containers(spec).filter(bad).map(Container::getName).toList();
  }

  /** Upstream's `container "a"` / `containers "a", "b"`. */
  static String containersPhrase(List<String> names) {
    return (names.size() == 1 ? "container " : "containers ") + quoted(names);
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
  }

  private static SecurityContext sc(Container c) {
    return c.getSecurityContext();
  }

  private static Violation allowPrivilegeEscalation(PodSpec spec) {
    List<String> bad = names(spec, c -> !sc(c).hasAllowPrivilegeEscalation() || sc(c).getAllowPrivilegeEscalation());
    return bad.isEmpty() ? null : new Violation("allowPrivilegeEscalation != false",
        containersPhrase(bad) + " must set securityContext.allowPrivilegeEscalation=false");
  }

  private static Violation capabilitiesBaseline(PodSpec spec) {
    List<String> bad = new ArrayList<>();
    Set<String> caps = new LinkedHashSet<>();
    containers(spec).forEach(c -> {
      List<String> extra = sc(c).getCapabilities().getAddList().stream()
          .filter(cap -> !BASELINE_CAPABILITIES.contains(cap)).toList();
      if (!extra.isEmpty()) {
        bad.add(c.getName());
        caps.addAll(extra);
      }
    });
    return bad.isEmpty() ? null : new Violation("non-default capabilities",
        containersPhrase(bad) + " must not include " + quoted(List.copyOf(caps)) + " in securityContext.capabilities.add");
  }

  private static Violation capabilitiesRestricted(PodSpec spec) {
    List<String> noDrop = names(spec, c -> !sc(c).getCapabilities().getDropList().contains("ALL"));
    List<String> bad = new ArrayList<>();
    Set<String> caps = new LinkedHashSet<>();
    containers(spec).forEach(c -> {
      List<String> extra = sc(c).getCapabilities().getAddList().stream()
          .filter(cap -> !cap.equals("NET_BIND_SERVICE")).toList();
      if (!extra.isEmpty()) {
        bad.add(c.getName());
        caps.addAll(extra);
      }
    });
    List<String> details = new ArrayList<>();
    if (!noDrop.isEmpty()) {
      details.add(containersPhrase(noDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
    }
    if (!bad.isEmpty()) {
      details.add(containersPhrase(bad) + " must not include " + quoted(List.copyOf(caps))
          + " in securityContext.capabilities.add");
    }
    return details.isEmpty() ? null : new Violation("unrestricted capabilities", String.join("; ", details));
  }

  private static Violation hostNamespaces(PodSpec spec) {
    List<String> set = new ArrayList<>();
    if (spec.getHostNetwork()) {
      set.add("hostNetwork=true");
    }
    if (spec.getHostPid()) {
      set.add("hostPID=true");
    }
    if (spec.getHostIpc()) {
      set.add("hostIPC=true");
    }
    return set.isEmpty() ? null : new Violation("host namespaces", String.join(", ", set));
  }

  private static Violation hostPathVolumes(PodSpec spec) {
    List<String> bad = spec.getVolumesList().stream().filter(Volume::hasHostPath).map(Volume::getName).toList();
    return bad.isEmpty() ? null : new Violation("hostPath volumes", (bad.size() == 1 ? "volume " : "volumes ") + quoted(bad));
  }

  private static Violation hostPorts(PodSpec spec) {
    List<String> bad = new ArrayList<>();
    Set<String> ports = new LinkedHashSet<>();
    containers(spec).forEach(c -> {
      List<String> used = c.getPortsList().stream().filter(p -> p.getHostPort() != 0)
          .map(p -> Integer.toString(p.getHostPort())).toList();
      if (!used.isEmpty()) {
        bad.add(c.getName());
        ports.addAll(used);
      }
    });
    return bad.isEmpty() ? null : new Violation("hostPort",
        containersPhrase(bad) + (ports.size() == 1 ? " uses hostPort " : " uses hostPorts ") + String.join(", ", ports));
  }

  private static Violation privileged(PodSpec spec) {
    List<String> bad = names(spec, c -> sc(c).getPrivileged());
    return bad.isEmpty() ? null : new Violation("privileged",
        containersPhrase(bad) + " must not set securityContext.privileged=true");
  }

  private static Violation procMount(PodSpec spec) {
    List<String> bad = names(spec, c -> !sc(c).getProcMount().isEmpty() && !sc(c).getProcMount().equals("Default"));
    return bad.isEmpty() ? null : new Violation("procMount",
        containersPhrase(bad) + " must not set securityContext.procMount to \"Unmasked\"");
  }

  private static Violation restrictedVolumes(PodSpec spec) {
    List<String> bad = spec.getVolumesList().stream().filter(Volume::hasHostPath).map(Volume::getName).toList();
    return bad.isEmpty() ? null : new Violation("restricted volume types",
        (bad.size() == 1 ? "volume " : "volumes ") + quoted(bad) + " uses restricted volume type \"hostPath\"");
  }

  private static Violation runAsNonRoot(PodSpec spec) {
    var pod = spec.getSecurityContext();
    if (pod.hasRunAsNonRoot() && !pod.getRunAsNonRoot()) {
      return new Violation("runAsNonRoot != true", "pod must not set securityContext.runAsNonRoot=false");
    }
    List<String> explicitFalse = names(spec, c -> sc(c).hasRunAsNonRoot() && !sc(c).getRunAsNonRoot());
    if (!explicitFalse.isEmpty()) {
      return new Violation("runAsNonRoot != true",
          containersPhrase(explicitFalse) + " must not set securityContext.runAsNonRoot=false");
    }
    if (pod.getRunAsNonRoot()) {
      return null;
    }
    List<String> unset = names(spec, c -> !sc(c).hasRunAsNonRoot());
    return unset.isEmpty() ? null : new Violation("runAsNonRoot != true",
        "pod or " + containersPhrase(unset) + " must set securityContext.runAsNonRoot=true");
  }

  private static Violation runAsUser(PodSpec spec) {
    var pod = spec.getSecurityContext();
    List<String> details = new ArrayList<>();
    if (pod.hasRunAsUser() && pod.getRunAsUser() == 0) {
      details.add("pod must not set runAsUser=0");
    }
    List<String> bad = names(spec, c -> sc(c).hasRunAsUser() && sc(c).getRunAsUser() == 0);
    if (!bad.isEmpty()) {
      details.add(containersPhrase(bad) + " must not set runAsUser=0");
    }
    return details.isEmpty() ? null : new Violation("runAsUser=0", String.join("; ", details));
  }

  private static Violation seccompBaseline(PodSpec spec) {
    List<String> details = new ArrayList<>();
    if (spec.getSecurityContext().getSeccompProfile().getType().equals("Unconfined")) {
      details.add("pod must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }
    List<String> bad = names(spec, c -> sc(c).getSeccompProfile().getType().equals("Unconfined"));
    if (!bad.isEmpty()) {
      details.add(containersPhrase(bad) + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }
    return details.isEmpty() ? null : new Violation("seccompProfile", String.join("; ", details));
  }

  private static boolean allowedSeccomp(String type) {
    return type.equals("RuntimeDefault") || type.equals("Localhost");
  }

  private static Violation seccompRestricted(PodSpec spec) {
    String podType = spec.getSecurityContext().getSeccompProfile().getType();
    List<String> details = new ArrayList<>();
    if (!podType.isEmpty() && !allowedSeccomp(podType)) {
      details.add("pod must not set securityContext.seccompProfile.type to \"" + podType + "\"");
    }
    List<String> badType = names(spec, c -> !sc(c).getSeccompProfile().getType().isEmpty()
        && !allowedSeccomp(sc(c).getSeccompProfile().getType()));
    if (!badType.isEmpty()) {
      details.add(containersPhrase(badType) + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }
    if (podType.isEmpty()) {
      List<String> unset = names(spec, c -> sc(c).getSeccompProfile().getType().isEmpty());
      if (!unset.isEmpty()) {
        details.add("pod or " + containersPhrase(unset)
            + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
      }
    }
    return details.isEmpty() ? null : new Violation("seccompProfile", String.join("; ", details));
  }

  private static Violation sysctls(PodSpec spec) {
    List<String> bad = spec.getSecurityContext().getSysctlsList().stream().map(s -> s.getName())
        .filter(n -> !SAFE_SYSCTLS.contains(n)).toList();
    return bad.isEmpty() ? null : new Violation("forbidden sysctls", String.join(", ", bad));
  }
}
