package io.kava.apiserver.registry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;

/**
 * Objects in storage: protobuf binary of the typed message, without resourceVersion (the store's
 * revision is the truth). Every object handed out has apiVersion, kind and resourceVersion filled in.
 */
public final class Codec {
  private Codec() {}

  public static byte[] encode(Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    return ApiObjects.withMeta(object, meta.toBuilder().clearResourceVersion().build()).toByteArray();
  }

  public static Message decode(Kind kind, byte[] bytes, long revision) {
    try {
      Message object = kind.defaultInstance().getParserForType().parseFrom(bytes);
      return withRevision(typed(kind, object), revision);
    } catch (InvalidProtocolBufferException e) {
      throw ApiError.internal("stored " + kind.kind() + " could not be decoded: " + e.getMessage());
    }
  }

  /** The object with apiVersion and kind set, as every returned object must have them. */
  public static Message typed(Kind kind, Message object) {
    Message.Builder b = object.toBuilder();
    b.setField(b.getDescriptorForType().findFieldByName("api_version"), kind.apiVersion());
    b.setField(b.getDescriptorForType().findFieldByName("kind"), kind.kind());
    return b.build();
  }

  public static Message withRevision(Message object, long revision) {
    ObjectMeta meta = ApiObjects.meta(object);
    return ApiObjects.withMeta(object, meta.toBuilder().setResourceVersion(Long.toString(revision)).build());
  }
}
