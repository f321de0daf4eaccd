package io.kava.apiserver.registry;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
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

  /** Upstream's limit on one object (3 MiB, from etcd's request size): larger ones are refused, never stored. */
  public static final int MAX_OBJECT_BYTES = 3 * 1024 * 1024;

  public static byte[] encode(Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    byte[] bytes = ApiObjects.withMeta(object, meta.toBuilder().clearResourceVersion().build()).toByteArray();
    if (bytes.length > MAX_OBJECT_BYTES) {
      throw tooLarge();
    }
    return bytes;
  }

  /** Upstream's 413 "Request entity too large: limit is 3145728", as RESOURCE_EXHAUSTED. */
  public static ApiError tooLarge() {
    return new ApiError(io.grpc.Status.Code.RESOURCE_EXHAUSTED, "RequestEntityTooLarge",
        "Request entity too large: limit is " + MAX_OBJECT_BYTES, java.util.List.of(), "", "");
  }

  /**
   * The stored object at a revision, with apiVersion, kind and resourceVersion: one parse of
   * {@link #encodedWithRevision}, no builder copies of the object.
   */
  public static Message decode(Kind kind, byte[] bytes, long revision) {
    return decode(kind, encodedWithRevision(kind, bytes, revision));
  }

  /** An object from its wire form ({@link #encodedWithRevision}), which the watch cache also sends as is. */
  public static Message decode(Kind kind, ByteString encoded) {
    try {
      return kind.defaultInstance().getParserForType().parseFrom(encoded);
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

  /**
   * The wire form of a stored object at a revision, as {@link #decode} then serializing would give, without
   * decoding it: a parser merges concatenated messages (later scalars win, messages merge), so the stored
   * bytes followed by a message holding only apiVersion, kind and resourceVersion parse as that object.
   */
  public static ByteString encodedWithRevision(Kind kind, byte[] stored, long revision) {
    Message.Builder suffix = kind.newBuilder();
    FieldDescriptor metadata = suffix.getDescriptorForType().findFieldByName("metadata");
    suffix.setField(metadata, ObjectMeta.newBuilder().setResourceVersion(Long.toString(revision)).build());
    return UnsafeByteOperations.unsafeWrap(stored).concat(suffix.build().toByteString());
  }

  /** {@link #encodedWithRevision} packed for the wire, as a LIST item or a watch event carries it. */
  public static Any packedWithRevision(Kind kind, byte[] stored, long revision) {
    return Any.newBuilder().setTypeUrl(kind.typeUrl()).setValue(encodedWithRevision(kind, stored, revision)).build();
  }

  public static Message withRevision(Message object, long revision) {
    ObjectMeta meta = ApiObjects.meta(object);
    return ApiObjects.withMeta(object, meta.toBuilder().setResourceVersion(Long.toString(revision)).build());
  }
}
