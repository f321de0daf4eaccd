package io.kava.apiserver.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.EncryptionConfig;
import io.kava.apiserver.testing.ApiServerHarness;
import io.kava.apiserver.testing.EtcdProcessCluster;
import io.kava.client.KavaClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Secrets through a real API server on real etcd: ciphertext in etcd, plaintext through the API, key rotation. */
class EncryptionAtRestIT {
  private static String key() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static EncryptionConfig config(String keys) {
    return new EncryptionConfig(new EncryptionConfigFile(new SecureRandom()).parse("""
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
              - aesgcm:
                  keys:
        """ + keys.indent(10) + "      - identity: {}\n"));
  }

  private static String entry(String name, String secret) {
    return "- name: " + name + "\n  secret: " + secret + "\n";
  }

  private static String raw(Client etcd, String key) throws Exception {
    var kvs = etcd.getKVClient().get(ByteSequence.from(key, StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS).getKvs();
    return kvs.get(0).getValue().toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void secretsAreCiphertextInEtcdAndSurviveAKeyRotation() throws Exception {
    String key1 = key();
    String key2 = key();
    Secret secret = Secret.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("db"))
        .putData("password", ByteString.copyFromUtf8("hunter2-plaintext")).build();
    try (EtcdProcessCluster cluster = EtcdProcessCluster.start(1);
         Client etcd = Client.builder().endpoints(cluster.endpoints().toArray(java.net.URI[]::new)).build()) {
      try (ApiServerHarness api = ApiServerHarness.start(cluster.endpoints(),
          c -> c.withSecurity(c.security().withEncryption(config(entry("key1", key1)))))) {
        api.client().resource(Secret.class).create(secret);
        assertThat(raw(etcd, "/registry/secrets/default/db")).startsWith("k8s:enc:aesgcm:v1:key1:").doesNotContain("hunter2");
        assertThat(api.client().resource(Secret.class).get("default", "db").getDataMap().get("password").toStringUtf8())
            .isEqualTo("hunter2-plaintext");
      }
      // Rotation step 1: a new first key, the old one still listed; step 2: rewrite every Secret.
      try (ApiServerHarness api = ApiServerHarness.start(cluster.endpoints(),
          c -> c.withSecurity(c.security().withEncryption(config(entry("key2", key2) + entry("key1", key1)))))) {
        KavaClient client = api.client();
        Secret read = client.resource(Secret.class).get("default", "db");
        assertThat(read.getDataMap().get("password").toStringUtf8()).isEqualTo("hunter2-plaintext");
        client.resource(Secret.class).update(read);
        assertThat(raw(etcd, "/registry/secrets/default/db")).startsWith("k8s:enc:aesgcm:v1:key2:");
      }
      // Step 3: the old key removed; the rewritten Secret still reads, through the watch cache's list too.
      try (ApiServerHarness api = ApiServerHarness.start(cluster.endpoints(),
          c -> c.withSecurity(c.security().withEncryption(config(entry("key2", key2)))))) {
        assertThat(api.client().resource(Secret.class).get("default", "db").getDataMap().get("password").toStringUtf8())
            .isEqualTo("hunter2-plaintext");
      }
      // A server without the key gets a clear INTERNAL error naming it, not the ciphertext.
      try (ApiServerHarness api = ApiServerHarness.start(cluster.endpoints(),
          c -> c.withSecurity(c.security().withEncryption(config(entry("key3", key())))))) {
        assertThatThrownBy(() -> api.client().resource(Secret.class).get("default", "db"))
            .hasMessageContaining("aesgcm key \"key2\"");
      }
    }
  }
}
