package io.kava.kubelet.pod;

import io.kava.api.core.v1.AppArmorProfile;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.SELinuxOptions;
import io.kava.api.core.v1.SeccompProfile;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.Sysctl;
import io.kava.kubelet.runtime.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A container's effective securityContext as Docker settings, as upstream's kubelet computes it
 * (DetermineEffectiveSecurityContext: the container's fields over the pod's) and checks it
 * (verifyRunAsNonRoot) before the container is created.
 */
public final class ContainerSecurity {
  private final Function<String, String> imageUser;

  /** @param imageUser the image's configured user ("" for none, so root), asked only when needed */
  public ContainerSecurity(Function<String, String> imageUser) {
    this.imageUser = imageUser;
  }

  /** The settings of an app or init container; a container that may not run as asked is a ConfigError. */
  public ContainerConfig.Security of(Pod pod, Container c) throws EnvResolver.ConfigError {
    PodSecurityContext podSc = pod.getSpec().getSecurityContext();
    SecurityContext sc = c.getSecurityContext();
    OptionalLong runAsUser = sc.hasRunAsUser() ? OptionalLong.of(sc.getRunAsUser())
        : podSc.hasRunAsUser() ? OptionalLong.of(podSc.getRunAsUser()) : OptionalLong.empty();
    OptionalLong runAsGroup = sc.hasRunAsGroup() ? OptionalLong.of(sc.getRunAsGroup())
        : podSc.hasRunAsGroup() ? OptionalLong.of(podSc.getRunAsGroup()) : OptionalLong.empty();
    boolean runAsNonRoot = sc.hasRunAsNonRoot() ? sc.getRunAsNonRoot() : podSc.getRunAsNonRoot();
    String image = null;
    if (runAsNonRoot) {
      if (runAsUser.isEmpty()) {
        image = imageUser.apply(c.getImage());
      }
      verifyRunAsNonRoot(pod, c, runAsUser, image == null ? "" : image);
    }
    String user = "";
    if (runAsUser.isPresent()) {
      user = Long.toString(runAsUser.getAsLong());
    }
    if (runAsGroup.isPresent()) {
      if (user.isEmpty()) {
        // The image's user keeps its name or uid; its group gives way, as with containerd.
        String configured = image != null ? image : imageUser.apply(c.getImage());
        user = userPart(configured).isEmpty() ? "0" : userPart(configured);
      }
      user = user + ":" + runAsGroup.getAsLong();
    }
    List<String> groups = new ArrayList<>();
    if (podSc.hasFsGroup()) {
      groups.add(Long.toString(podSc.getFsGroup()));
    }
    podSc.getSupplementalGroupsList().forEach(g -> groups.add(Long.toString(g)));
    List<String> opts = new ArrayList<>();
    boolean privileged = sc.getPrivileged();
    if (sc.hasAllowPrivilegeEscalation() && !sc.getAllowPrivilegeEscalation() && !privileged) {
      opts.add("no-new-privileges");
    }
    seccomp(sc.hasSeccompProfile() ? sc.getSeccompProfile() : podSc.getSeccompProfile(), opts);
    appArmor(sc.hasAppArmorProfile() ? sc.getAppArmorProfile() : podSc.getAppArmorProfile(), opts);
    seLinux(sc.hasSeLinuxOptions() ? sc.getSeLinuxOptions() : podSc.getSeLinuxOptions(), opts);
    if (sc.getProcMount().equals("Unmasked")) {
      opts.add("systempaths=unconfined");
    }
    return new ContainerConfig.Security(user, groups, sc.getReadOnlyRootFilesystem(), privileged,
        sc.getCapabilities().getAddList(), sc.getCapabilities().getDropList(), opts, sysctls(pod, false));
  }

  /**
   * The pod's sysctls for one of its containers: net.* ones belong to the network namespace, which
   * the sandbox owns; the others (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) to each
   * container's own IPC namespace.
   */
  public static Map<String, String> sysctls(Pod pod, boolean sandbox) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Sysctl s : pod.getSpec().getSecurityContext().getSysctlsList()) {
      // Upstream writes names with slashes as dots too (net/ipv4/ip_forward).
      String name = s.getName().replace('/', '.');
      if (name.startsWith("net.") == sandbox) {
        result.put(name, s.getValue());
      }
    }
    if (sandbox && pod.getSpec().getHostNetwork()) {
      return Map.of(); // the node's own namespace is not the pod's to tune (validation refuses these)
    }
    return result;
  }

  /** Upstream's verifyRunAsNonRoot, with its messages. */
  static void verifyRunAsNonRoot(Pod pod, Container c, OptionalLong runAsUser, String imageUser)
      throws EnvResolver.ConfigError {
    String where = " (pod: \"" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
        + pod.getMetadata().getUid() + ")\", container: " + c.getName() + ")";
    if (runAsUser.isPresent()) {
      if (runAsUser.getAsLong() == 0) {
        throw new EnvResolver.ConfigError("container's runAsUser breaks non-root policy" + where);
      }
      return;
    }
    String user = userPart(imageUser);
    if (user.isEmpty()) {
      throw new EnvResolver.ConfigError("container has runAsNonRoot and image will run as root" + where);
    }
    if (!user.chars().allMatch(Character::isDigit)) {
      throw new EnvResolver.ConfigError("container has runAsNonRoot and image has non-numeric user (" + user
          + "), cannot verify user is non-root" + where);
    }
    if (Long.parseLong(user) == 0) {
      throw new EnvResolver.ConfigError("container has runAsNonRoot and image will run as root" + where);
    }
  }

  /** The user of an image's "user[:group]". */
  private static String userPart(String imageUser) {
    int colon = imageUser.indexOf(':');
    return colon < 0 ? imageUser : imageUser.substring(0, colon);
  }

  private static void seccomp(SeccompProfile profile, List<String> opts) throws EnvResolver.ConfigError {
    switch (profile.getType()) {
      case "Unconfined" -> opts.add("seccomp=unconfined");
      case "Localhost" -> throw new EnvResolver.ConfigError("seccomp profile type Localhost (\""
          + profile.getLocalhostProfile() + "\") is not supported by this kubelet");
      default -> {
        // RuntimeDefault, or unset: Docker's default profile
      }
    }
  }

  private static void appArmor(AppArmorProfile profile, List<String> opts) {
    switch (profile.getType()) {
      case "Unconfined" -> opts.add("apparmor=unconfined");
      case "Localhost" -> opts.add("apparmor=" + profile.getLocalhostProfile());
      default -> {
        // RuntimeDefault, or unset: Docker's default profile
      }
    }
  }

  private static void seLinux(SELinuxOptions options, List<String> opts) {
    if (!options.getUser().isEmpty()) {
      opts.add("label=user:" + options.getUser());
    }
    if (!options.getRole().isEmpty()) {
      opts.add("label=role:" + options.getRole());
    }
    if (!options.getType().isEmpty()) {
      opts.add("label=type:" + options.getType());
    }
    if (!options.getLevel().isEmpty()) {
      opts.add("label=level:" + options.getLevel());
    }
  }
}
