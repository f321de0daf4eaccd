package io.kava.kubelet.pod;

import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvFromSource;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceFieldSelector;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.kubelet.envvars.ServiceEnvVars;
import io.kava.kubelet.fieldpath.DownwardApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's environment as upstream builds it: envFrom first, then env in order; values may come
 * from the pod's own fields (fieldRef), ConfigMaps and Secrets, and $(NAME) refers to an earlier
 * variable or a service variable ($$ escapes). Service variables (enableServiceLinks, default true)
 * come last and never replace a variable the container sets. The same expansion applies to command
 * and args.
 */
public final class EnvResolver {
  private final ConfigLookup lookup;
  private final ServiceLookup services;
  private final Map<String, String> allocatable;

  /** A reference that cannot be resolved; the container waits with CreateContainerConfigError. */
  public static final class ConfigError extends Exception {
    public ConfigError(String message) {
      super(message);
    }
  }

  /** Without Services (no service variables). */
  public EnvResolver(ConfigLookup lookup) {
    this(lookup, ServiceLookup.NONE);
  }

  public EnvResolver(ConfigLookup lookup, ServiceLookup services) {
    this(lookup, services, Map.of());
  }

  /** allocatable: the node's, what a resourceFieldRef of an unset limit shows (as upstream). */
  public EnvResolver(ConfigLookup lookup, ServiceLookup services, Map<String, String> allocatable) {
    this.lookup = lookup;
    this.services = services;
    this.allocatable = Map.copyOf(allocatable);
  }

  /** Name to value, in upstream's order. podIp may be empty before the sandbox runs. */
  public Map<String, String> resolve(Pod pod, Container c, String podIp, String hostIp) throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> serviceEnv = serviceEnv(pod);
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : c.getEnvFromList()) {
      if (from.hasConfigMapRef()) {
        Optional<ConfigMap> cm = lookup.configMap(ns, from.getConfigMapRef().getName());
        if (cm.isEmpty()) {
          if (from.getConfigMapRef().getOptional()) {
            continue;
          }
          throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
        }
        cm.get().getDataMap().forEach((k, v) -> env.put(from.getPrefix() + k, v));
      }
      if (from.hasSecretRef()) {
        Optional<Secret> secret = lookup.secret(ns, from.getSecretRef().getName());
        if (secret.isEmpty()) {
          if (from.getSecretRef().getOptional()) {
            continue;
          }
          throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
        }
        secret.get().getDataMap().forEach((k, v) -> env.put(from.getPrefix() + k, v.toString(StandardCharsets.UTF_8)));
      }
    }
    // $(NAME) sees the container's own variables first, then the service variables (upstream's MappingFuncFor).
    Map<String, String> scope = new LinkedHashMap<>(serviceEnv);
    scope.putAll(env);
    for (EnvVar var : c.getEnvList()) {
      if (var.hasValueFrom()) {
        String value = valueFrom(pod, c, var.getName(), var.getValueFrom(), podIp, hostIp);
        if (value != null) {
          env.put(var.getName(), value);
          scope.put(var.getName(), value);
        }
      } else {
        String value = expand(var.getValue(), scope);
        env.put(var.getName(), value);
        scope.put(var.getName(), value);
      }
    }
    serviceEnv.forEach(env::putIfAbsent);
    return env;
  }

  /** Upstream refuses to build an environment before the Services were read once (KUBERNETES_SERVICE_HOST). */
  private Map<String, String> serviceEnv(Pod pod) throws ConfigError {
    Optional<List<Service>> all = services.all();
    if (all.isEmpty()) {
      throw new ConfigError("services have not yet been read at least once, cannot construct envvars");
    }
    boolean links = !pod.getSpec().hasEnableServiceLinks() || pod.getSpec().getEnableServiceLinks();
    return ServiceEnvVars.forPod(pod.getMetadata().getNamespace(), links, all.get());
  }

  private String valueFrom(Pod pod, Container c, String name, EnvVarSource source, String podIp, String hostIp)
      throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    if (source.hasFieldRef()) {
      return field(pod, source.getFieldRef().getFieldPath(), podIp, hostIp);
    }
    if (source.hasResourceFieldRef()) {
      return resource(pod, c, source.getResourceFieldRef());
    }
    if (source.hasConfigMapKeyRef()) {
      var ref = source.getConfigMapKeyRef();
      Optional<String> value = lookup.configMap(ns, ref.getName()).map(cm -> cm.getDataMap().get(ref.getKey()));
      if (value.isEmpty()) {
        if (ref.getOptional()) {
          return null;
        }
        throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName()
            + " for env " + name);
      }
      return value.get();
    }
    if (source.hasSecretKeyRef()) {
      var ref = source.getSecretKeyRef();
      Optional<String> value = lookup.secret(ns, ref.getName()).map(s -> s.getDataMap().get(ref.getKey()))
          .map(b -> b.toString(StandardCharsets.UTF_8));
      if (value.isEmpty()) {
        if (ref.getOptional()) {
          return null;
        }
        throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName()
            + " for env " + name);
      }
      return value.get();
    }
    return "";
  }

  private static String field(Pod pod, String path, String podIp, String hostIp) throws ConfigError {
    try {
      return DownwardApi.field(pod, path, podIp, hostIp);
    } catch (DownwardApi.UnsupportedException e) {
      throw new ConfigError(e.getMessage());
    }
  }

  /** A resourceFieldRef: of the named container, or of this one when it names none. */
  private String resource(Pod pod, Container c, ResourceFieldSelector selector) throws ConfigError {
    Container target = selector.getContainerName().isEmpty() ? c : DownwardApi.container(pod, selector.getContainerName())
        .orElseThrow(() -> new ConfigError("container " + selector.getContainerName() + " not found"));
    try {
      return DownwardApi.resource(selector, target, allocatable);
    } catch (DownwardApi.UnsupportedException e) {
      throw new ConfigError(e.getMessage());
    }
  }

  public static List<String> expandAll(List<String> values, Map<String, String> env) {
    List<String> out = new ArrayList<>(values.size());
    for (String v : values) {
      out.add(expand(v, env));
    }
    return out;
  }

  /** Upstream's $(NAME) expansion: known names are replaced, unknown ones kept as written, $$ is $. */
  public static String expand(String input, Map<String, String> env) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char ch = input.charAt(i);
      if (ch == '$' && i + 1 < input.length()) {
        char next = input.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i += 2;
          continue;
        }
        if (next == '(') {
          int close = input.indexOf(')', i + 2);
          if (close > 0) {
            String name = input.substring(i + 2, close);
            if (env.containsKey(name)) {
              out.append(env.get(name));
            } else {
              out.append(input, i, close + 1);
            }
            i = close + 1;
            continue;
          }
        }
      }
      out.append(ch);
      i++;
    }
    return out.toString();
  }
}
