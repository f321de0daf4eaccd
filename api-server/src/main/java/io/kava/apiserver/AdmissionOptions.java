package io.kava.apiserver;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** kube-apiserver's admission plugin flags (issue 12), kept together as a mixin. */
public final class AdmissionOptions {
  @Option(names = "--enable-admission-plugins", split = ",", paramLabel = "PLUGIN",
      description = "Admission plugins to turn on besides the default ones (NamespaceLifecycle, LimitRanger, ServiceAccount, "
          + "PodSecurity, Priority, DefaultTolerationSeconds, DefaultStorageClass, ResourceQuota and upstream's other "
          + "default-on names); upstream's names, e.g. NodeRestriction.")
  List<String> enable = new ArrayList<>();

  @Option(names = "--disable-admission-plugins", split = ",", paramLabel = "PLUGIN",
      description = "Admission plugins to turn off although they are on by default.")
  List<String> disable = new ArrayList<>();

  AdmissionConfig config(CommandLine.Model.CommandSpec spec) {
    try {
      return AdmissionConfig.of(trimmed(enable), trimmed(disable));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static List<String> trimmed(List<String> names) {
    return names.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
  }
}
