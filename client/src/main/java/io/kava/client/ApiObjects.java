package io.kava.client;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;

/** Generic access to the parts every API object shares, whatever its kind. */
public final class ApiObjects {
  private ApiObjects() {}

  public static ObjectMeta meta(Message object) {
    return (ObjectMeta) object.getField(field(object, "metadata"));
  }

  /** A copy of the object with its metadata replaced (messages are immutable). */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T withMeta(T object, ObjectMeta meta) {
    return (T) object.toBuilder().setField(field(object, "metadata"), meta).build();
  }

  /** "namespace/name", or "name" for cluster-scoped objects: the key of caches and work queues. */
  public static String key(Message object) {
    ObjectMeta m = meta(object);
    return key(m.getNamespace(), m.getName());
  }

  public static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  public static String resourceVersion(Message object) {
    return meta(object).getResourceVersion();
  }

  /** The spec field, or null for kinds without one (ConfigMap, Endpoints, ...). */
  public static Message spec(Message object) {
    FieldDescriptor f = object.getDescriptorForType().findFieldByName("spec");
    return f == null ? null : (Message) object.getField(f);
  }

  /** The status field, or null for kinds without one. */
  public static Message status(Message object) {
    FieldDescriptor f = object.getDescriptorForType().findFieldByName("status");
    return f == null ? null : (Message) object.getField(f);
  }

  public static Any pack(Message object) {
    return Any.pack(object);
  }

  /** Unpacks an Any into the kind its type URL names. */
  public static Message unpack(Any any) {
    Kind kind = Kinds.byTypeUrl(any.getTypeUrl())
        .orElseThrow(() -> new IllegalArgumentException("Unknown object type " + any.getTypeUrl()));
    try {
      return kind.defaultInstance().getParserForType().parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Malformed " + kind.kind() + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Expected " + type.getSimpleName() + " but got " + any.getTypeUrl(), e);
    }
  }

  private static FieldDescriptor field(Message object, String name) {
    FieldDescriptor f = object.getDescriptorForType().findFieldByName(name);
    if (f == null) {
      throw new IllegalArgumentException(object.getDescriptorForType().getName() + " has no " + name);
    }
    return f;
  }
}
