package io.kava.apiserver.validation;

import io.kava.api.core.v1.DownwardAPIVolumeFile;
import io.kava.api.core.v1.KeyToPath;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.api.core.v1.ResourceFieldSelector;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeProjection;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.quantity.Quantity;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sources of API data volumes, as upstream's validation/volumes: configMap and secret items (key,
 * a relative path without '..', mode), downwardAPI files (a supported fieldRef or a container's
 * resourceFieldRef) and projected sources (one type each, no two files at the same path).
 */
final class VolumeValidation {
  private static final String FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive";
  static final List<String> FIELD_PATHS = List.of("metadata.annotations", "metadata.labels", "metadata.name",
      "metadata.namespace", "metadata.uid");
  static final List<String> RESOURCES = List.of("limits.cpu", "limits.ephemeral-storage", "limits.memory",
      "requests.cpu", "requests.ephemeral-storage", "requests.memory");
  private static final Set<String> CPU_DIVISORS = Set.of("1m", "1");
  private static final Set<String> MEMORY_DIVISORS = Set.of("1", "1k", "1M", "1G", "1T", "1P", "1E",
      "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei");

  private VolumeValidation() {}

  /** The configMap, secret, downwardAPI or projected source of a volume at path (spec.volumes[i]). */
  static void apiData(Volume v, String p, List<FieldError> errs) {
    if (v.hasConfigMap()) {
      var s = v.getConfigMap();
      mode(s.hasDefaultMode(), s.getDefaultMode(), p + ".configMap.defaultMode", errs);
      items(s.getItemsList(), p + ".configMap.items", errs);
    }
    if (v.hasSecret()) {
      var s = v.getSecret();
      mode(s.hasDefaultMode(), s.getDefaultMode(), p + ".secret.defaultMode", errs);
      items(s.getItemsList(), p + ".secret.items", errs);
    }
    if (v.hasDownwardApi()) {
      var s = v.getDownwardApi();
      mode(s.hasDefaultMode(), s.getDefaultMode(), p + ".downwardAPI.defaultMode", errs);
      for (int i = 0; i < s.getItemsCount(); i++) {
        downwardFile(s.getItems(i), p + ".downwardAPI.items[" + i + "]", errs);
      }
      duplicatePaths(s.getItemsList().stream().map(DownwardAPIVolumeFile::getPath).toList(),
          p + ".downwardAPI", new HashSet<>(), errs);
    }
    if (v.hasProjected()) {
      projected(v, p + ".projected", errs);
    }
  }

  private static void projected(Volume v, String p, List<FieldError> errs) {
    var s = v.getProjected();
    mode(s.hasDefaultMode(), s.getDefaultMode(), p + ".defaultMode", errs);
    Set<String> paths = new HashSet<>();
    for (int i = 0; i < s.getSourcesCount(); i++) {
      VolumeProjection source = s.getSources(i);
      String sp = p + ".sources[" + i + "]";
      int types = 0;
      if (source.hasSecret()) {
        types++;
        if (source.getSecret().getName().isEmpty()) {
          errs.add(FieldError.required(sp + ".secret.name", ""));
        }
        items(source.getSecret().getItemsList(), sp + ".secret.items", errs);
        duplicatePaths(source.getSecret().getItemsList().stream().map(KeyToPath::getPath).toList(), p, paths, errs);
      }
      if (source.hasConfigMap()) {
        types++;
        if (source.getConfigMap().getName().isEmpty()) {
          errs.add(FieldError.required(sp + ".configMap.name", ""));
        }
        items(source.getConfigMap().getItemsList(), sp + ".configMap.items", errs);
        duplicatePaths(source.getConfigMap().getItemsList().stream().map(KeyToPath::getPath).toList(), p, paths, errs);
      }
      if (source.hasDownwardApi()) {
        types++;
        var items = source.getDownwardApi().getItemsList();
        for (int j = 0; j < items.size(); j++) {
          downwardFile(items.get(j), sp + ".downwardAPI.items[" + j + "]", errs);
        }
        duplicatePaths(items.stream().map(DownwardAPIVolumeFile::getPath).toList(), p, paths, errs);
      }
      if (source.hasServiceAccountToken()) {
        types++;
        var token = source.getServiceAccountToken();
        String tp = sp + ".serviceAccountToken";
        if (token.hasExpirationSeconds() && token.getExpirationSeconds() < 600) {
          errs.add(FieldError.invalid(tp + ".expirationSeconds", token.getExpirationSeconds(),
              "may not specify a duration less than 10 minutes"));
        }
        if (token.getPath().isEmpty()) {
          errs.add(FieldError.required(tp + ".path", ""));
        } else {
          localPath(token.getPath(), tp + ".path", errs);
          duplicatePaths(List.of(token.getPath()), p, paths, errs);
        }
      }
      if (types > 1) {
        errs.add(FieldError.forbidden(sp, "may not specify more than 1 volume type"));
      }
    }
  }

  /** Upstream's "conflicting duplicate paths": each path once in the whole volume. */
  private static void duplicatePaths(List<String> candidates, String p, Set<String> seen, List<FieldError> errs) {
    for (String path : candidates) {
      if (!path.isEmpty() && !seen.add(path)) {
        errs.add(FieldError.invalid(p, path, "conflicting duplicate paths"));
      }
    }
  }

  private static void items(List<KeyToPath> items, String p, List<FieldError> errs) {
    for (int i = 0; i < items.size(); i++) {
      KeyToPath item = items.get(i);
      String ip = p + "[" + i + "]";
      if (item.getKey().isEmpty()) {
        errs.add(FieldError.required(ip + ".key", ""));
      }
      if (item.getPath().isEmpty()) {
        errs.add(FieldError.required(ip + ".path", ""));
      } else {
        localPath(item.getPath(), ip + ".path", errs);
      }
      mode(item.hasMode(), item.getMode(), ip + ".mode", errs);
    }
  }

  private static void downwardFile(DownwardAPIVolumeFile file, String p, List<FieldError> errs) {
    if (file.getPath().isEmpty()) {
      errs.add(FieldError.required(p + ".path", ""));
    } else {
      localPath(file.getPath(), p + ".path", errs);
    }
    if (file.hasFieldRef()) {
      fieldRef(file.getFieldRef(), p + ".fieldRef", errs);
      if (file.hasResourceFieldRef()) {
        errs.add(FieldError.invalid(p, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
      }
    } else if (file.hasResourceFieldRef()) {
      resourceFieldRef(file.getResourceFieldRef(), p + ".resourceFieldRef", errs);
    } else {
      errs.add(FieldError.required(p, "one of fieldRef and resourceFieldRef is required"));
    }
    mode(file.hasMode(), file.getMode(), p + ".mode", errs);
  }

  /** A volume file's fieldRef: metadata fields only; labels and annotations also with a ['key'] subscript. */
  private static void fieldRef(ObjectFieldSelector ref, String p, List<FieldError> errs) {
    String path = ref.getFieldPath();
    if (path.isEmpty()) {
      errs.add(FieldError.required(p + ".fieldPath", ""));
      return;
    }
    int open = path.indexOf("['");
    if (open > 0 && path.endsWith("']")) {
      String base = path.substring(0, open);
      String key = path.substring(open + 2, path.length() - 2);
      if (!base.equals("metadata.labels") && !base.equals("metadata.annotations")) {
        errs.add(FieldError.invalid(p + ".fieldPath", base, "does not support subscript"));
      } else if (key.isEmpty()) {
        errs.add(FieldError.invalid(p + ".fieldPath", path, "name part must be non-empty"));
      }
      return;
    }
    if (!FIELD_PATHS.contains(path)) {
      errs.add(FieldError.notSupported(p + ".fieldPath", path, FIELD_PATHS));
    }
  }

  private static void resourceFieldRef(ResourceFieldSelector ref, String p, List<FieldError> errs) {
    if (ref.getContainerName().isEmpty()) {
      errs.add(FieldError.required(p + ".containerName", ""));
    }
    String resource = ref.getResource();
    if (resource.isEmpty()) {
      errs.add(FieldError.required(p + ".resource", ""));
      return;
    }
    if (!RESOURCES.contains(resource) && !resource.startsWith("limits.hugepages-")
        && !resource.startsWith("requests.hugepages-")) {
      errs.add(FieldError.notSupported(p + ".resource", resource, RESOURCES));
      return;
    }
    if (ref.getDivisor().isEmpty()) {
      return;
    }
    Quantity divisor = Quantity.parseOrNull(ref.getDivisor());
    boolean cpu = resource.endsWith(".cpu");
    Set<String> allowed = cpu ? CPU_DIVISORS : MEMORY_DIVISORS;
    if (divisor == null || allowed.stream().noneMatch(d -> Quantity.parse(d).compareTo(divisor) == 0)) {
      errs.add(FieldError.invalid(p + ".divisor", ref.getDivisor(), cpu
          ? "only divisor's values 1m and 1 are supported with the cpu resource"
          : "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the "
              + resource.substring(resource.indexOf('.') + 1) + " resource"));
    }
  }

  /** Upstream's ValidateLocalNonReservedPath: relative, no '..' element, not starting with '..'. */
  static void localPath(String path, String p, List<FieldError> errs) {
    if (path.startsWith("/")) {
      errs.add(FieldError.invalid(p, path, "must be a relative path"));
    }
    if (Arrays.asList(path.split("/")).contains("..")) {
      errs.add(FieldError.invalid(p, path, "must not contain '..'"));
    }
    if (path.startsWith("..")) {
      errs.add(FieldError.invalid(p, path, "must not start with '..'"));
    }
  }

  private static void mode(boolean set, int mode, String p, List<FieldError> errs) {
    if (set && (mode < 0 || mode > 0777)) {
      errs.add(FieldError.invalid(p, mode, FILE_MODE));
    }
  }
}
