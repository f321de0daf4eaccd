package io.kava.kubectl.set;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `set env`'s KEY=VALUE (set or overwrite in place) and KEY- (remove) applied to the containers of a
 * pod template (all, or those -c names, "*" wildcards allowed as upstream).
 */
public final class EnvChange {
  private final Map<String, String> set;
  private final List<String> remove;

  private EnvChange(Map<String, String> set, List<String> remove) {
    this.set = set;
    this.remove = remove;
  }

  public static boolean isEnvArg(String arg) {
    return arg.contains("=") || (arg.endsWith("-") && !arg.contains("/"));
  }

  public static EnvChange parse(List<String> args) {
    Map<String, String> set = new LinkedHashMap<>();
    List<String> remove = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq > 0) {
        set.put(arg.substring(0, eq), arg.substring(eq + 1));
      } else if (eq < 0 && arg.endsWith("-") && arg.length() > 1) {
        remove.add(arg.substring(0, arg.length() - 1));
      } else {
        throw CliException.error("invalid environment variable: " + arg);
      }
    }
    return new EnvChange(set, remove);
  }

  public boolean isEmpty() {
    return set.isEmpty() && remove.isEmpty();
  }

  public PodTemplateSpec apply(PodTemplateSpec template, String containerPattern, List<EnvVar> extra) {
    PodSpec.Builder spec = template.getSpec().toBuilder();
    boolean found = false;
    for (int i = 0; i < spec.getContainersCount(); i++) {
      Container c = spec.getContainers(i);
      if (!Containers.matches(containerPattern, c.getName())) {
        continue;
      }
      found = true;
      spec.setContainers(i, c.toBuilder().clearEnv().addAllEnv(apply(c.getEnvList(), extra)));
    }
    if (!found) {
      throw CliException.error("unable to find container named " + containerPattern);
    }
    return template.toBuilder().setSpec(spec).build();
  }

  private List<EnvVar> apply(List<EnvVar> env, List<EnvVar> extra) {
    List<EnvVar> out = new ArrayList<>(env);
    List<EnvVar> wanted = new ArrayList<>(extra);
    set.forEach((k, v) -> wanted.add(EnvVar.newBuilder().setName(k).setValue(v).build()));
    for (EnvVar w : wanted) {
      boolean replaced = false;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).getName().equals(w.getName())) {
          out.set(i, w);
          replaced = true;
        }
      }
      if (!replaced) {
        out.add(w);
      }
    }
    out.removeIf(e -> remove.contains(e.getName()));
    return out;
  }

  /** `--list`: "# deployments x, container c" then KEY=VALUE lines, as upstream. */
  public static String list(String resource, String name, PodTemplateSpec template, String containerPattern) {
    StringBuilder sb = new StringBuilder();
    for (Container c : template.getSpec().getContainersList()) {
      if (!Containers.matches(containerPattern, c.getName())) {
        continue;
      }
      sb.append("# ").append(resource).append(' ').append(name).append(", container ").append(c.getName()).append('\n');
      for (EnvVar e : c.getEnvList()) {
        if (e.hasValueFrom()) {
          var from = e.getValueFrom();
          String what = from.hasConfigMapKeyRef() ? "configmap " + from.getConfigMapKeyRef().getName()
              + ", key " + from.getConfigMapKeyRef().getKey()
              : from.hasSecretKeyRef() ? "secret " + from.getSecretKeyRef().getName() + ", key "
              + from.getSecretKeyRef().getKey()
              : from.hasFieldRef() ? "field path " + from.getFieldRef().getFieldPath() : "a source";
          sb.append("# ").append(e.getName()).append(" from ").append(what).append('\n');
        } else {
          sb.append(e.getName()).append('=').append(e.getValue()).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** -c's pattern: a name, or a glob with "*" (upstream uses path.Match). */
  static final class Containers {
    static boolean matches(String pattern, String name) {
      if (pattern == null || pattern.isEmpty() || pattern.equals("*")) {
        return true;
      }
      return name.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }
  }
}
