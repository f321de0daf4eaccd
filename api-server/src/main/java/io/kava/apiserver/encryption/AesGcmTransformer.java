package io.kava.apiserver.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Upstream's aesgcm provider: {@code k8s:enc:aesgcm:v1:<name>:} then a 12-byte random nonce and the GCM
 * ciphertext with its 16-byte tag; the storage key is the additional authenticated data, as upstream.
 */
final class AesGcmTransformer extends AesTransformer {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  AesGcmTransformer(String name, SecretKey key, SecureRandom random) {
    super("aesgcm", name, key, random);
  }

  @Override
  public byte[] toStorage(byte[] plain, byte[] context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context);
      return Bytes.concat(prefix, nonce, cipher.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] fromStorage(byte[] stored, byte[] context) {
    int start = prefix.length;
    if (stored.length < start + NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("the data is too short for aesgcm key \"" + name + "\"");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, start, start + NONCE_BYTES)));
      cipher.updateAAD(context);
      return cipher.doFinal(stored, start + NONCE_BYTES, stored.length - start - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("aesgcm key \"" + name + "\" could not decrypt it (wrong key or corrupt data)");
    }
  }
}
