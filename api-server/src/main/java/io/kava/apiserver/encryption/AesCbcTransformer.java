package io.kava.apiserver.encryption;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * Upstream's aescbc provider: {@code k8s:enc:aescbc:v1:<name>:} then a 16-byte random IV and the
 * PKCS#7-padded CBC ciphertext (Java's PKCS5Padding is PKCS#7 for AES's 16-byte blocks). Like upstream's,
 * it authenticates nothing: upstream recommends aesgcm or KMS over it.
 */
final class AesCbcTransformer extends AesTransformer {
  private static final int BLOCK = 16;

  AesCbcTransformer(String name, SecretKey key, SecureRandom random) {
    super("aescbc", name, key, random);
  }

  @Override
  public byte[] toStorage(byte[] plain, byte[] context) {
    byte[] iv = new byte[BLOCK];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      return Bytes.concat(prefix, iv, cipher.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC is not available: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] fromStorage(byte[] stored, byte[] context) {
    int start = prefix.length;
    int body = stored.length - start - BLOCK;
    if (body < BLOCK || body % BLOCK != 0) {
      throw new IllegalArgumentException("the data is not a whole number of blocks for aescbc key \"" + name + "\"");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Arrays.copyOfRange(stored, start, start + BLOCK)));
      return cipher.doFinal(stored, start + BLOCK, body);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("aescbc key \"" + name + "\" could not decrypt it (wrong key or corrupt data)");
    }
  }
}
