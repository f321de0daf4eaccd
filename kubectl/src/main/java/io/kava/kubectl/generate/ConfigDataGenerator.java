package io.kava.kubectl.generate;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.kubectl.CliException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The ConfigMaps and Secrets of `create configmap` and `create secret generic|tls|docker-registry`. */
public final class ConfigDataGenerator {
  private ConfigDataGenerator() {}

  /** Text that is valid UTF-8 goes to data, other bytes to binaryData, as upstream. */
  public static ConfigMap configMap(String name, Map<String, byte[]> data) {
    ConfigMap.Builder cm = ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(ObjectMeta.newBuilder().setName(name));
    data.forEach((k, v) -> {
      if (DataSources.isUtf8(v)) {
        cm.putData(k, new String(v, StandardCharsets.UTF_8));
      } else {
        cm.putBinaryData(k, ByteString.copyFrom(v));
      }
    });
    return cm.build();
  }

  public static Secret secret(String name, String type, Map<String, byte[]> data) {
    Secret.Builder s = Secret.newBuilder().setApiVersion("v1").setKind("Secret")
        .setMetadata(ObjectMeta.newBuilder().setName(name));
    if (type != null && !type.isEmpty()) {
      s.setType(type);
    }
    data.forEach((k, v) -> s.putData(k, ByteString.copyFrom(v)));
    return s.build();
  }

  public static Secret tls(String name, byte[] cert, byte[] key) {
    return secret(name, "kubernetes.io/tls", Map.of("tls.crt", cert, "tls.key", key));
  }

  /** `.dockerconfigjson` as upstream writes it: {"auths":{SERVER:{username,password,email,auth}}}. */
  public static Secret dockerRegistry(String name, String server, String username, String password, String email) {
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      throw CliException.error("either --from-file or the combination of --docker-username, --docker-password "
          + "and --docker-server is required");
    }
    String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    StringBuilder entry = new StringBuilder("{\"username\":").append(json(username))
        .append(",\"password\":").append(json(password));
    if (email != null && !email.isEmpty()) {
      entry.append(",\"email\":").append(json(email));
    }
    entry.append(",\"auth\":").append(json(auth)).append('}');
    String config = "{\"auths\":{" + json(server) + ":" + entry + "}}";
    return secret(name, "kubernetes.io/dockerconfigjson",
        Map.of(".dockerconfigjson", config.getBytes(StandardCharsets.UTF_8)));
  }

  private static String json(String s) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
  }
}
