package io.kava.apiserver.encryption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The providers of one resource in configured order, as upstream's prefix transformers: the first writes,
 * every one may read. A value is read by the key whose prefix it starts with; a value with no
 * {@code k8s:enc:} prefix is plaintext, readable only when the identity provider is listed. A value read
 * by anything but the first provider is stale: the next update writes it again with the first.
 */
public final class ProviderChain {
  private static final byte[] ENCRYPTED = "k8s:enc:".getBytes(StandardCharsets.US_ASCII);

  /** Null marks the identity provider. */
  private final List<ValueTransformer> providers;

  ProviderChain(List<ValueTransformer> providers) {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("a resource needs at least one provider");
    }
    this.providers = new ArrayList<>(providers);
  }

  /** A value read back, and whether it was written by something other than the first provider. */
  public record Read(byte[] plain, boolean stale) {}

  public byte[] write(byte[] plain, String storageKey) {
    ValueTransformer first = providers.get(0);
    return first == null ? plain : first.toStorage(plain, context(storageKey));
  }

  public Read read(byte[] stored, String storageKey) {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      ValueTransformer t = providers.get(i);
      if (t != null && Bytes.startsWith(stored, t.prefix())) {
        try {
          return new Read(t.fromStorage(stored, context(storageKey)), i != 0);
        } catch (IllegalArgumentException e) {
          failures.add(e.getMessage());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw EncryptionException.of(storageKey, String.join("; ", failures));
    }
    if (Bytes.startsWith(stored, ENCRYPTED)) {
      throw EncryptionException.of(storageKey, "no configured key can read data written with "
          + writerOf(stored).orElse("an unknown provider") + " (was that key removed from the encryption configuration?)");
    }
    int identity = providers.indexOf(null);
    if (identity < 0) {
      throw EncryptionException.of(storageKey, "the data is not encrypted and the identity provider is not configured");
    }
    return new Read(stored, identity != 0);
  }

  /** "aesgcm key \"key1\"" from a value's {@code k8s:enc:aesgcm:v1:key1:} prefix. */
  static Optional<String> writerOf(byte[] stored) {
    String head = new String(stored, 0, Math.min(stored.length, 300), StandardCharsets.ISO_8859_1);
    String[] parts = head.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("k8s") || !parts[1].equals("enc")) {
      return Optional.empty();
    }
    return Optional.of(parts[2] + " key \"" + parts[4] + "\"");
  }

  private static byte[] context(String storageKey) {
    return storageKey.getBytes(StandardCharsets.UTF_8);
  }
}
