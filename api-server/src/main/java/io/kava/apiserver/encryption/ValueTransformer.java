package io.kava.apiserver.encryption;

/**
 * One way of storing a value, as upstream's value.Transformer: what it writes carries its own prefix, so
 * the reader can tell which transformer (and key) wrote a stored value. The context is the storage key,
 * bound into authenticated encryption so a value copied under another key does not decrypt.
 */
interface ValueTransformer {
  /** The prefix this transformer's output starts with ("" for identity). */
  byte[] prefix();

  byte[] toStorage(byte[] plain, byte[] context);

  /** The plaintext of a value that starts with {@link #prefix()}; throws EncryptionException when it cannot. */
  byte[] fromStorage(byte[] stored, byte[] context);
}
