package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ConfigMapEnvSource;
import io.kava.api.core.v1.ConfigMapKeySelector;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvFromSource;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.SecretKeySelector;
import io.kava.kubelet.testing.TestPods;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {
  private final ConfigLookup lookup = new ConfigLookup() {
    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
      return name.equals("settings")
          ? Optional.of(ConfigMap.newBuilder().putData("mode", "fast").putData("level", "3").build())
          : Optional.empty();
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return name.equals("creds")
          ? Optional.of(Secret.newBuilder().putData("password", ByteString.copyFromUtf8("s3cret")).build())
          : Optional.empty();
    }
  };
  private final EnvResolver resolver = new EnvResolver(lookup);
  private final Pod pod = TestPods.pod("web", "node-a", TestPods.container("app"));

  private static EnvVar field(String name, String path) {
    return EnvVar.newBuilder().setName(name).setValueFrom(EnvVarSource.newBuilder()
        .setFieldRef(ObjectFieldSelector.newBuilder().setFieldPath(path))).build();
  }

  @Test
  void resolvesValuesFieldsConfigMapsSecretsAndReferences() throws Exception {
    Container c = TestPods.container("app").toBuilder()
        .addEnvFrom(EnvFromSource.newBuilder().setPrefix("CFG_").setConfigMapRef(ConfigMapEnvSource.newBuilder().setName("settings")))
        .addEnv(EnvVar.newBuilder().setName("A").setValue("x"))
        .addEnv(EnvVar.newBuilder().setName("B").setValue("$(A)-$(MISSING)-$$(A)"))
        .addEnv(field("POD_NAME", "metadata.name"))
        .addEnv(field("POD_IP", "status.podIP"))
        .addEnv(field("NODE", "spec.nodeName"))
        .addEnv(EnvVar.newBuilder().setName("MODE").setValueFrom(EnvVarSource.newBuilder()
            .setConfigMapKeyRef(ConfigMapKeySelector.newBuilder().setName("settings").setKey("mode"))))
        .addEnv(EnvVar.newBuilder().setName("PASSWORD").setValueFrom(EnvVarSource.newBuilder()
            .setSecretKeyRef(SecretKeySelector.newBuilder().setName("creds").setKey("password"))))
        .build();
    Map<String, String> env = resolver.resolve(pod, c, "172.17.0.5", "127.0.0.11");
    assertThat(env).containsExactly(Map.entry("CFG_mode", "fast"), Map.entry("CFG_level", "3"),
        Map.entry("A", "x"), Map.entry("B", "x-$(MISSING)-$(A)"), Map.entry("POD_NAME", "web"),
        Map.entry("POD_IP", "172.17.0.5"), Map.entry("NODE", "node-a"), Map.entry("MODE", "fast"),
        Map.entry("PASSWORD", "s3cret"));
    assertThat(EnvResolver.expand("echo $(A) $(B)", env)).isEqualTo("echo x x-$(MISSING)-$(A)");
  }

  @Test
  void aMissingReferenceIsAConfigErrorUnlessOptional() throws Exception {
    Container missing = TestPods.container("app").toBuilder().addEnv(EnvVar.newBuilder().setName("X")
        .setValueFrom(EnvVarSource.newBuilder().setConfigMapKeyRef(
            ConfigMapKeySelector.newBuilder().setName("nope").setKey("k")))).build();
    assertThatThrownBy(() -> resolver.resolve(pod, missing, "", ""))
        .isInstanceOf(EnvResolver.ConfigError.class).hasMessageContaining("ConfigMap default/nope");
    Container optional = TestPods.container("app").toBuilder().addEnv(EnvVar.newBuilder().setName("X")
        .setValueFrom(EnvVarSource.newBuilder().setConfigMapKeyRef(
            ConfigMapKeySelector.newBuilder().setName("nope").setKey("k").setOptional(true)))).build();
    assertThat(resolver.resolve(pod, optional, "", "")).doesNotContainKey("X");
  }

  @Test
  void serviceVariablesComeLastFeedReferencesAndNeverReplaceTheContainersOwn() throws Exception {
    io.kava.api.core.v1.Service svc = io.kava.api.core.v1.Service.newBuilder()
        .setMetadata(io.kava.api.meta.v1.ObjectMeta.newBuilder().setNamespace("default").setName("db"))
        .setSpec(io.kava.api.core.v1.ServiceSpec.newBuilder().setClusterIp("10.96.0.9")
            .addPorts(io.kava.api.core.v1.ServicePort.newBuilder().setPort(5432)))
        .build();
    EnvResolver withServices = new EnvResolver(lookup, () -> Optional.of(java.util.List.of(svc)));
    Container c = TestPods.container("app").toBuilder()
        .addEnv(EnvVar.newBuilder().setName("URL").setValue("postgres://$(DB_SERVICE_HOST):$(DB_SERVICE_PORT)"))
        .addEnv(EnvVar.newBuilder().setName("DB_SERVICE_PORT").setValue("6543"))
        .build();
    Map<String, String> env = withServices.resolve(pod, c, "", "");
    assertThat(env).containsEntry("URL", "postgres://10.96.0.9:5432").containsEntry("DB_SERVICE_PORT", "6543")
        .containsEntry("DB_SERVICE_HOST", "10.96.0.9").containsEntry("DB_PORT", "tcp://10.96.0.9:5432");
    assertThat(env.keySet()).startsWith("URL", "DB_SERVICE_PORT");
  }

  @Test
  void beforeTheServicesWereReadOnceThereIsNoEnvironment() {
    EnvResolver unsynced = new EnvResolver(lookup, Optional::empty);
    assertThatThrownBy(() -> unsynced.resolve(pod, TestPods.container("app"), "", ""))
        .isInstanceOf(EnvResolver.ConfigError.class)
        .hasMessage("services have not yet been read at least once, cannot construct envvars");
  }
}
