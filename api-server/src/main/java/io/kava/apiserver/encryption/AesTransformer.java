package io.kava.apiserver.encryption;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.SecretKey;

/** What the AES providers share: a named key, its {@code k8s:enc:<type>:v1:<name>:} prefix and a random source. */
abstract class AesTransformer implements ValueTransformer {
  protected final String name;
  protected final byte[] prefix;
  protected final SecretKey key;
  protected final SecureRandom random;

  AesTransformer(String type, String name, SecretKey key, SecureRandom random) {
    this.name = name;
    this.prefix = ("k8s:enc:" + type + ":v1:" + name + ":").getBytes(StandardCharsets.US_ASCII);
    this.key = key;
    this.random = random;
  }

  @Override
  public byte[] prefix() {
    return prefix.clone();
  }
}
