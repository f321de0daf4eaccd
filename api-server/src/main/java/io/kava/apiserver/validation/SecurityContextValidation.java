package io.kava.apiserver.validation;

import io.kava.api.core.v1.AppArmorProfile;
import io.kava.api.core.v1.PodSecurityContext;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.SeccompProfile;
import io.kava.api.core.v1.SecurityContext;
import io.kava.api.core.v1.Sysctl;
import io.kava.apiserver.errors.FieldError;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Upstream's ValidateSecurityContext and validatePodSpecSecurityContext, with their paths and messages. */
final class SecurityContextValidation {
  static final long MAX_ID = 2147483647L;
  static final List<String> PROC_MOUNTS = List.of("Default", "Unmasked");
  static final List<String> PROFILE_TYPES = List.of("Localhost", "RuntimeDefault", "Unconfined");
  static final List<String> FS_GROUP_CHANGE_POLICIES = List.of("OnRootMismatch", "Always");
  static final List<String> SUPPLEMENTAL_GROUPS_POLICIES = List.of("Merge", "Strict");
  private static final String SYSCTL_SEGMENT = "[a-z0-9]([-_a-z0-9]*[a-z0-9])?";
  private static final String SYSCTL_FORMAT = "(" + SYSCTL_SEGMENT + "[\\./])*" + SYSCTL_SEGMENT;
  private static final Pattern SYSCTL = Pattern.compile("^" + SYSCTL_FORMAT + "$");
  private static final int SYSCTL_MAX_LENGTH = 253;
  private static final List<String> IPC_SYSCTL_PREFIXES = List.of("kernel.shm", "kernel.msg", "kernel.sem",
      "fs.mqueue.");

  private SecurityContextValidation() {}

  static void container(SecurityContext sc, String path, List<FieldError> errs) {
    if (sc.hasRunAsUser()) {
      id(errs, path + ".runAsUser", sc.getRunAsUser());
    }
    if (sc.hasRunAsGroup()) {
      id(errs, path + ".runAsGroup", sc.getRunAsGroup());
    }
    if (!sc.getProcMount().isEmpty()) {
      PodValidation.oneOf(errs, path + ".procMount", sc.getProcMount(), PROC_MOUNTS);
    }
    if (sc.hasSeccompProfile()) {
      seccomp(sc.getSeccompProfile(), path + ".seccompProfile", errs);
    }
    if (sc.hasAppArmorProfile()) {
      appArmor(sc.getAppArmorProfile(), path + ".appArmorProfile", errs);
    }
    if (sc.hasAllowPrivilegeEscalation() && !sc.getAllowPrivilegeEscalation()) {
      if (sc.getPrivileged()) {
        errs.add(FieldError.invalid(path, "", "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
      }
      if (sc.getCapabilities().getAddList().contains("CAP_SYS_ADMIN")) {
        errs.add(FieldError.invalid(path, "",
            "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
      }
    }
    capabilities(sc.getCapabilities().getAddList(), path + ".capabilities.add", errs);
    capabilities(sc.getCapabilities().getDropList(), path + ".capabilities.drop", errs);
  }

  static void pod(PodSpec spec, String path, List<FieldError> errs) {
    PodSecurityContext sc = spec.getSecurityContext();
    if (sc.hasFsGroup()) {
      id(errs, path + ".fsGroup", sc.getFsGroup());
    }
    if (sc.hasRunAsUser()) {
      id(errs, path + ".runAsUser", sc.getRunAsUser());
    }
    if (sc.hasRunAsGroup()) {
      id(errs, path + ".runAsGroup", sc.getRunAsGroup());
    }
    for (int i = 0; i < sc.getSupplementalGroupsCount(); i++) {
      id(errs, path + ".supplementalGroups[" + i + "]", sc.getSupplementalGroups(i));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sc.getSysctlsCount(); i++) {
      Sysctl s = sc.getSysctls(i);
      String p = path + ".sysctls[" + i + "].name";
      if (s.getName().isEmpty()) {
        errs.add(FieldError.required(p, ""));
        continue;
      }
      if (s.getName().length() > SYSCTL_MAX_LENGTH || !SYSCTL.matcher(s.getName()).matches()) {
        errs.add(FieldError.invalid(p, s.getName(), "must have at most " + SYSCTL_MAX_LENGTH
            + " characters and match regex " + SYSCTL_FORMAT));
      } else if (!names.add(s.getName())) {
        errs.add(FieldError.duplicate(p, s.getName()));
      }
      String dotted = s.getName().replace('/', '.');
      if (spec.getHostNetwork() && dotted.startsWith("net.")) {
        errs.add(FieldError.invalid(p, s.getName(), "may not be specified when 'hostNetwork' is true"));
      }
      if (spec.getHostIpc() && IPC_SYSCTL_PREFIXES.stream().anyMatch(dotted::startsWith)) {
        errs.add(FieldError.invalid(p, s.getName(), "may not be specified when 'hostIPC' is true"));
      }
    }
    if (!sc.getFsGroupChangePolicy().isEmpty()) {
      PodValidation.oneOf(errs, path + ".fsGroupChangePolicy", sc.getFsGroupChangePolicy(), FS_GROUP_CHANGE_POLICIES);
    }
    if (!sc.getSupplementalGroupsPolicy().isEmpty()) {
      PodValidation.oneOf(errs, path + ".supplementalGroupsPolicy", sc.getSupplementalGroupsPolicy(),
          SUPPLEMENTAL_GROUPS_POLICIES);
    }
    if (sc.hasSeccompProfile()) {
      seccomp(sc.getSeccompProfile(), path + ".seccompProfile", errs);
    }
    if (sc.hasAppArmorProfile()) {
      appArmor(sc.getAppArmorProfile(), path + ".appArmorProfile", errs);
    }
  }

  /** Upstream's IsValidUserID and IsValidGroupID. */
  private static void id(List<FieldError> errs, String path, long id) {
    if (id < 0 || id > MAX_ID) {
      errs.add(FieldError.invalid(path, id, "must be between 0 and " + MAX_ID + ", inclusive"));
    }
  }

  /**
   * Capability names as the runtimes take them: upper case letters, digits and underscores, with or
   * without CAP_ ("NET_ADMIN", "CAP_SYS_TIME", "ALL"). Upstream leaves the check to the runtime, which
   * then fails the container; here a malformed name is refused before anything is stored.
   */
  private static void capabilities(List<String> names, String path, List<FieldError> errs) {
    for (int i = 0; i < names.size(); i++) {
      if (!names.get(i).matches("[A-Za-z][A-Za-z0-9_]*")) {
        errs.add(FieldError.invalid(path + "[" + i + "]", names.get(i),
            "must be a capability name such as NET_ADMIN or CAP_NET_ADMIN"));
      }
    }
  }

  private static void seccomp(SeccompProfile profile, String path, List<FieldError> errs) {
    profile(profile.getType(), profile.getLocalhostProfile(), "seccomp", path, errs);
  }

  private static void appArmor(AppArmorProfile profile, String path, List<FieldError> errs) {
    profile(profile.getType(), profile.getLocalhostProfile(), "AppArmor", path, errs);
  }

  private static void profile(String type, String localhost, String kind, String path, List<FieldError> errs) {
    if (type.isEmpty()) {
      errs.add(FieldError.required(path + ".type", "type is required when " + kind + "Profile is set"));
      return;
    }
    PodValidation.oneOf(errs, path + ".type", type, PROFILE_TYPES);
    if (type.equals("Localhost") && localhost.isEmpty()) {
      errs.add(FieldError.required(path + ".localhostProfile", "must be set when " + kind + " type is Localhost"));
    } else if (!type.equals("Localhost") && !localhost.isEmpty()) {
      errs.add(FieldError.invalid(path + ".localhostProfile", localhost, "can only be set when " + kind
          + " type is Localhost"));
    }
  }
}
