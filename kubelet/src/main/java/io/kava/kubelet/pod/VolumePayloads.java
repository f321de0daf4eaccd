package io.kava.kubelet.pod;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.DownwardAPIVolumeFile;
import io.kava.api.core.v1.KeyToPath;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeProjection;
import io.kava.api.authentication.v1.BoundObjectReference;
import io.kava.api.authentication.v1.TokenRequest;
import io.kava.api.authentication.v1.TokenRequestSpec;
import io.kava.api.core.v1.ServiceAccountTokenProjection;
import io.kava.client.ApiException;
import io.kava.kubelet.fieldpath.DownwardApi;
import io.kava.kubelet.token.TokenManager;
import io.kava.kubelet.volume.AtomicWriter.FileProjection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a volume of API data, as upstream's volume plugins build their payload: configMap and
 * secret (every key, or the listed items at their paths and modes), downwardAPI (pod fields and
 * container resources) and projected (any of those in one directory, under one defaultMode, plus
 * serviceAccountToken: a token bound to the pod from the {@link TokenManager}). The
 * {@link io.kava.kubelet.volume.AtomicWriter} writes the result.
 */
final class VolumePayloads {
  static final int DEFAULT_MODE = 0644;
  /** Projected token files are 0600 when the pod has an fsGroup (which then adds group read), as upstream. */
  static final int FS_GROUP_TOKEN_MODE = 0600;

  private final ConfigLookup lookup;
  private final Map<String, String> allocatable;
  private final Optional<TokenManager> tokens;

  VolumePayloads(ConfigLookup lookup, Map<String, String> allocatable, Optional<TokenManager> tokens) {
    this.lookup = lookup;
    this.allocatable = Map.copyOf(allocatable);
    this.tokens = tokens;
  }

  /** Whether the volume's files are API data that this class builds. */
  static boolean isApiData(Volume v) {
    return v.hasConfigMap() || v.hasSecret() || v.hasDownwardApi() || v.hasProjected();
  }

  /** Path to file for one volume; ApiException passes through (the caller keeps old files when the server is away). */
  Map<String, FileProjection> of(Pod pod, Volume v) throws VolumeManager.VolumeError {
    String ns = pod.getMetadata().getNamespace();
    Map<String, FileProjection> files = new LinkedHashMap<>();
    if (v.hasConfigMap()) {
      var s = v.getConfigMap();
      int mode = s.hasDefaultMode() ? s.getDefaultMode() : DEFAULT_MODE;
      configMap(v.getName(), ns, s.getName(), s.getItemsList(), s.getOptional(), mode, files);
    } else if (v.hasSecret()) {
      var s = v.getSecret();
      int mode = s.hasDefaultMode() ? s.getDefaultMode() : DEFAULT_MODE;
      secret(v.getName(), ns, s.getSecretName(), s.getItemsList(), s.getOptional(), mode, files);
    } else if (v.hasDownwardApi()) {
      var s = v.getDownwardApi();
      downward(v.getName(), pod, s.getItemsList(), s.hasDefaultMode() ? s.getDefaultMode() : DEFAULT_MODE, files);
    } else if (v.hasProjected()) {
      int mode = v.getProjected().hasDefaultMode() ? v.getProjected().getDefaultMode() : DEFAULT_MODE;
      for (VolumeProjection p : v.getProjected().getSourcesList()) {
        if (p.hasConfigMap()) {
          var s = p.getConfigMap();
          configMap(v.getName(), ns, s.getName(), s.getItemsList(), s.getOptional(), mode, files);
        } else if (p.hasSecret()) {
          var s = p.getSecret();
          secret(v.getName(), ns, s.getName(), s.getItemsList(), s.getOptional(), mode, files);
        } else if (p.hasDownwardApi()) {
          downward(v.getName(), pod, p.getDownwardApi().getItemsList(), mode, files);
        } else if (p.hasServiceAccountToken()) {
          int tokenMode = pod.getSpec().getSecurityContext().hasFsGroup() ? FS_GROUP_TOKEN_MODE : mode;
          serviceAccountToken(v.getName(), pod, p.getServiceAccountToken(), tokenMode, files);
        }
      }
    }
    return files;
  }

  private void configMap(String volume, String ns, String name, List<KeyToPath> items, boolean optional,
      int mode, Map<String, FileProjection> files) throws VolumeManager.VolumeError {
    Optional<Map<String, byte[]>> data = lookup.configMap(ns, name).map(cm -> {
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      cm.getDataMap().forEach((k, value) -> bytes.put(k, value.getBytes(StandardCharsets.UTF_8)));
      cm.getBinaryDataMap().forEach((k, value) -> bytes.put(k, value.toByteArray()));
      return bytes;
    });
    keys(volume, "configmap \"" + name + "\"", data, items, optional, mode,
        "configmap references non-existent config key: ", files);
  }

  private void secret(String volume, String ns, String name, List<KeyToPath> items, boolean optional,
      int mode, Map<String, FileProjection> files) throws VolumeManager.VolumeError {
    Optional<Map<String, byte[]>> data = lookup.secret(ns, name).map(secret -> {
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      secret.getDataMap().forEach((k, value) -> bytes.put(k, value.toByteArray()));
      return bytes;
    });
    keys(volume, "secret \"" + name + "\"", data, items, optional, mode, "references non-existent secret key: ", files);
  }

  /**
   * Every key at its own name, or the items at their paths. A missing object (empty data) or a listed
   * key that is missing fails unless optional.
   */
  private static void keys(String volume, String object, Optional<Map<String, byte[]>> found, List<KeyToPath> items,
      boolean optional, int mode, String missingKey, Map<String, FileProjection> files) throws VolumeManager.VolumeError {
    if (found.isEmpty() && !optional) {
      throw failed(volume, object + " not found");
    }
    Map<String, byte[]> data = found.orElse(Map.of());
    if (items.isEmpty()) {
      for (Map.Entry<String, byte[]> e : data.entrySet()) {
        put(volume, files, e.getKey(), new FileProjection(e.getValue(), mode));
      }
      return;
    }
    for (KeyToPath item : items) {
      byte[] value = data.get(item.getKey());
      if (value == null) {
        if (optional) {
          continue;
        }
        throw failed(volume, missingKey + item.getKey());
      }
      put(volume, files, item.getPath(), new FileProjection(value, item.hasMode() ? item.getMode() : mode));
    }
  }

  private void downward(String volume, Pod pod, List<DownwardAPIVolumeFile> items, int mode,
      Map<String, FileProjection> files) throws VolumeManager.VolumeError {
    for (DownwardAPIVolumeFile item : items) {
      String value;
      try {
        if (item.hasFieldRef()) {
          value = DownwardApi.field(pod, item.getFieldRef().getFieldPath(), pod.getStatus().getPodIp(),
              pod.getStatus().getHostIp());
        } else if (item.hasResourceFieldRef()) {
          String containerName = item.getResourceFieldRef().getContainerName();
          Container c = DownwardApi.container(pod, containerName)
              .orElseThrow(() -> failed(volume, "container " + containerName + " not found"));
          value = DownwardApi.resource(item.getResourceFieldRef(), c, allocatable);
        } else {
          continue;
        }
      } catch (DownwardApi.UnsupportedException e) {
        throw failed(volume, e.getMessage());
      }
      put(volume, files, item.getPath(), new FileProjection(value.getBytes(StandardCharsets.UTF_8),
          item.hasMode() ? item.getMode() : mode));
    }
  }

  /**
   * A token of the pod's ServiceAccount bound to the pod, for the projection's audience (none: the API
   * server's) and expirationSeconds. The server being away passes through (old files are kept); any other
   * refusal fails the volume.
   */
  private void serviceAccountToken(String volume, Pod pod, ServiceAccountTokenProjection source, int mode,
      Map<String, FileProjection> files) throws VolumeManager.VolumeError {
    if (tokens.isEmpty()) {
      throw failed(volume, "serviceAccountToken projections need the kubelet's token manager");
    }
    TokenRequestSpec.Builder spec = TokenRequestSpec.newBuilder()
        .setBoundObjectRef(BoundObjectReference.newBuilder().setApiVersion("v1").setKind("Pod")
            .setName(pod.getMetadata().getName()).setUid(pod.getMetadata().getUid()));
    if (!source.getAudience().isEmpty()) {
      spec.addAudiences(source.getAudience());
    }
    if (source.hasExpirationSeconds()) {
      spec.setExpirationSeconds(source.getExpirationSeconds());
    }
    String account = pod.getSpec().getServiceAccountName().isEmpty() ? "default" : pod.getSpec().getServiceAccountName();
    TokenRequest token;
    try {
      token = tokens.get().get(pod.getMetadata().getNamespace(), account, TokenRequest.newBuilder().setSpec(spec).build());
    } catch (ApiException e) {
      if (e.isUnavailable()) {
        throw e;
      }
      throw failed(volume, "failed to fetch token: " + e.getMessage());
    }
    put(volume, files, source.getPath(), new FileProjection(token.getStatus().getToken().getBytes(StandardCharsets.UTF_8),
        mode));
  }

  private static void put(String volume, Map<String, FileProjection> files, String path, FileProjection file)
      throws VolumeManager.VolumeError {
    String invalid = io.kava.kubelet.volume.AtomicWriter.invalidPath(path);
    if (invalid != null) {
      throw failed(volume, "invalid path \"" + path + "\": " + invalid);
    }
    files.put(path, file);
  }

  private static VolumeManager.VolumeError failed(String volume, String why) {
    return new VolumeManager.VolumeError("MountVolume.SetUp failed for volume \"" + volume + "\" : " + why);
  }
}
