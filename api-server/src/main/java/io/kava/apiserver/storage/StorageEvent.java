package io.kava.apiserver.storage;

/**
 * One change seen by a watch. For PUT, value is the new value and prevValue the previous one (null when
 * the key was created, or when history no longer has it); for DELETE, value is null and prevValue the
 * deleted value.
 */
public record StorageEvent(Type type, String key, byte[] value, byte[] prevValue, long revision, boolean created) {
  public enum Type { PUT, DELETE }
}
