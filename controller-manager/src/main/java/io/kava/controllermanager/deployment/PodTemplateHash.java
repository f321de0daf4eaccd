package io.kava.controllermanager.deployment;

import com.google.protobuf.CodedOutputStream;
import io.kava.api.core.v1.PodTemplateSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The pod-template-hash of a Deployment's ReplicaSets, in the spirit of upstream's ComputeHash: FNV-32a
 * over the template (here its deterministic protobuf bytes, map entries sorted) followed by
 * collisionCount as four little-endian bytes when set, printed in decimal and each digit mapped to a
 * character that cannot form words ("safe encoded", 10 characters at most).
 */
public final class PodTemplateHash {
  /** Label on every ReplicaSet and pod of a Deployment that tells its templates apart. */
  static final String LABEL = "pod-template-hash";
  private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private PodTemplateHash() {}

  /** collisionCount null when the Deployment's status has none. */
  public static String compute(PodTemplateSpec template, Integer collisionCount) {
    int hash = FNV_OFFSET;
    hash = fnv(hash, deterministicBytes(template));
    if (collisionCount != null) {
      int c = collisionCount;
      hash = fnv(hash, new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24)});
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  /** Upstream rand.SafeEncodeString: every character replaced by one of 27 consonants and digits. */
  static String safeEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      out.append(SAFE_ALPHABET.charAt(s.charAt(i) % SAFE_ALPHABET.length()));
    }
    return out.toString();
  }

  private static int fnv(int hash, byte[] bytes) {
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  private static byte[] deterministicBytes(PodTemplateSpec template) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      template.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
