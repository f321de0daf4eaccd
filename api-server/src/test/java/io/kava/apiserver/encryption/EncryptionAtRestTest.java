package io.kava.apiserver.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.testing.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EncryptionAtRestTest {
  private static final String KEY1 = Base64.getEncoder().encodeToString(bytes(32, 1));
  private static final String KEY2 = Base64.getEncoder().encodeToString(bytes(32, 2));
  private static final String SECRET_KEY = "/registry/secrets/default/s1";
  private static final byte[] PLAIN = "secret-data".getBytes(StandardCharsets.UTF_8);

  private static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  private static String config(String providers) {
    return """
        apiVersion: apiserver.config.k8s.io/v1
        kind: EncryptionConfiguration
        resources:
          - resources: [secrets]
            providers:
        """ + providers.indent(6);
  }

  private static String aes(String type, String... nameAndKey) {
    StringBuilder b = new StringBuilder("- " + type + ":\n    keys:\n");
    for (int i = 0; i < nameAndKey.length; i += 2) {
      b.append("      - name: ").append(nameAndKey[i]).append("\n        secret: ").append(nameAndKey[i + 1]).append('\n');
    }
    return b.toString();
  }

  private static EncryptionAtRest parse(String yaml) {
    return new EncryptionConfigFile(new SecureRandom()).parse(yaml);
  }

  private static ProviderChain secrets(String yaml) {
    return parse(yaml).of("secrets").orElseThrow();
  }

  @Test
  void aesgcmWritesUpstreamsPrefixAndReadsBack() {
    ProviderChain chain = secrets(config(aes("aesgcm", "key1", KEY1)));
    byte[] stored = chain.write(PLAIN, SECRET_KEY);
    byte[] prefix = "k8s:enc:aesgcm:v1:key1:".getBytes(StandardCharsets.US_ASCII);
    assertThat(Arrays.copyOf(stored, prefix.length)).isEqualTo(prefix);
    assertThat(stored.length).isEqualTo(prefix.length + 12 + PLAIN.length + 16);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("secret-data");
    assertThat(chain.read(stored, SECRET_KEY).plain()).isEqualTo(PLAIN);
    assertThat(chain.read(stored, SECRET_KEY).stale()).isFalse();
  }

  @Test
  void aesgcmBindsTheStorageKey() {
    ProviderChain chain = secrets(config(aes("aesgcm", "key1", KEY1)));
    byte[] stored = chain.write(PLAIN, SECRET_KEY);
    assertThatThrownBy(() -> chain.read(stored, "/registry/secrets/default/other"))
        .isInstanceOf(ApiError.class).hasMessageContaining("aesgcm key \"key1\"");
  }

  @Test
  void aescbcRoundTripsWithItsPrefix() {
    ProviderChain chain = secrets(config(aes("aescbc", "k", Base64.getEncoder().encodeToString(bytes(16, 3)))));
    byte[] stored = chain.write(PLAIN, SECRET_KEY);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).startsWith("k8s:enc:aescbc:v1:k:");
    assertThat((stored.length - "k8s:enc:aescbc:v1:k:".length() - 16) % 16).isZero();
    assertThat(chain.read(stored, SECRET_KEY).plain()).isEqualTo(PLAIN);
  }

  @Test
  void identityFallbackReadsPlaintextWrittenBeforeEncryption() {
    ProviderChain chain = secrets(config(aes("aesgcm", "key1", KEY1) + "- identity: {}\n"));
    ProviderChain.Read read = chain.read(PLAIN, SECRET_KEY);
    assertThat(read.plain()).isEqualTo(PLAIN);
    assertThat(read.stale()).isTrue();
  }

  @Test
  void plaintextWithoutIdentityIsAClearError() {
    ProviderChain chain = secrets(config(aes("aesgcm", "key1", KEY1)));
    assertThatThrownBy(() -> chain.read(PLAIN, SECRET_KEY)).isInstanceOf(ApiError.class)
        .hasMessageContaining("identity provider is not configured");
  }

  @Test
  void rotationReadsTheOldKeyAfterANewFirstKeyAndMarksItStale() {
    byte[] old = secrets(config(aes("aesgcm", "key1", KEY1))).write(PLAIN, SECRET_KEY);
    ProviderChain rotated = secrets(config(aes("aesgcm", "key2", KEY2, "key1", KEY1)));
    ProviderChain.Read read = rotated.read(old, SECRET_KEY);
    assertThat(read.plain()).isEqualTo(PLAIN);
    assertThat(read.stale()).isTrue();
    assertThat(new String(rotated.write(PLAIN, SECRET_KEY), StandardCharsets.ISO_8859_1)).startsWith("k8s:enc:aesgcm:v1:key2:");
  }

  @Test
  void aRemovedKeyIsNamedInTheError() {
    byte[] old = secrets(config(aes("aesgcm", "key1", KEY1))).write(PLAIN, SECRET_KEY);
    ProviderChain withoutKey1 = secrets(config(aes("aesgcm", "key2", KEY2) + "- identity: {}\n"));
    assertThatThrownBy(() -> withoutKey1.read(old, SECRET_KEY)).isInstanceOf(ApiError.class)
        .hasMessageContaining("aesgcm key \"key1\"").hasMessageContaining(SECRET_KEY);
  }

  @Test
  void aWrongKeyOfTheSameNameIsNamedInTheError() {
    byte[] old = secrets(config(aes("aesgcm", "key1", KEY1))).write(PLAIN, SECRET_KEY);
    ProviderChain wrong = secrets(config(aes("aesgcm", "key1", KEY2)));
    assertThatThrownBy(() -> wrong.read(old, SECRET_KEY)).isInstanceOf(ApiError.class)
        .hasMessageContaining("aesgcm key \"key1\" could not decrypt it");
  }

  @Test
  void configErrorsNameTheField() {
    assertThatThrownBy(() -> parse(config("- rot13: {}\n"))).isInstanceOf(EncryptionConfigException.class)
        .hasMessageStartingWith("resources[0].providers[0].rot13: Unsupported value");
    assertThatThrownBy(() -> parse(config(aes("aesgcm", "key1", Base64.getEncoder().encodeToString(bytes(5, 1))))))
        .hasMessage("resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: \"REDACTED\": "
            + "secret is not of the expected length, got 5, expected one of [16 24 32]");
    assertThatThrownBy(() -> parse(config(aes("aesgcm", "key1", "not*base64"))))
        .hasMessageContaining("aesgcm.keys[0].secret: Invalid value: \"REDACTED\": secrets must be base64 encoded");
    assertThatThrownBy(() -> parse(config(aes("aesgcm", "key1", KEY1)).replace("EncryptionConfiguration", "Config")))
        .hasMessageStartingWith("kind: Invalid value");
  }

  @Test
  void theStorageDecoratorEncryptsOnlyConfiguredResourcesAndTracksStaleValues() {
    InMemoryStorage etcd = new InMemoryStorage();
    long plainRevision = etcd.create(SECRET_KEY, PLAIN);
    EncryptingStorage storage = new EncryptingStorage(etcd, "/registry",
        parse(config(aes("aesgcm", "key1", KEY1) + "- identity: {}\n")));
    assertThat(storage.get(SECRET_KEY).orElseThrow().value()).isEqualTo(PLAIN);
    assertThat(storage.readStale(SECRET_KEY, plainRevision)).isTrue();
    long revision = storage.update(SECRET_KEY, PLAIN, plainRevision);
    assertThat(storage.readStale(SECRET_KEY, revision)).isFalse();
    assertThat(new String(etcd.get(SECRET_KEY).orElseThrow().value(), StandardCharsets.ISO_8859_1))
        .startsWith("k8s:enc:aesgcm:v1:key1:");
    storage.create("/registry/configmaps/default/c", PLAIN);
    assertThat(etcd.get("/registry/configmaps/default/c").orElseThrow().value()).isEqualTo(PLAIN);
    assertThat(storage.range("/registry/secrets/", 0).items()).singleElement()
        .satisfies(kv -> assertThat(kv.value()).isEqualTo(PLAIN));
  }
}
