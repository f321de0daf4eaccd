package io.kava.client;

/** One change seen through a watch: type is ADDED, MODIFIED, DELETED or BOOKMARK. */
public record WatchEvent<T>(Type type, T object, String resourceVersion) {
  public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }
}
