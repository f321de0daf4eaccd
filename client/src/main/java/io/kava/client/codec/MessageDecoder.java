package io.kava.client.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.RawExtension;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fills a protobuf message from a JSON tree, driven by the message descriptor: JSON names as in
 * Kubernetes (FieldDescriptor.getJsonName), strict about unknown fields and types, with the field path
 * of every problem ("spec.template.spec.containers[0].image").
 */
final class MessageDecoder {
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_JSON_NAME = new ConcurrentHashMap<>();
  private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFFFFFFL);
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private MessageDecoder() {}

  /** Merges the JSON object into the builder; path is the prefix of the object ("" at the top). */
  static void merge(JsonNode node, Message.Builder builder, String path) {
    Descriptor type = builder.getDescriptorForType();
    if (!node.isObject()) {
      throw DecodeException.invalidType(path.isEmpty() ? "<root>" : path, typeName(node), "object");
    }
    Map<String, FieldDescriptor> fields = fieldsByJsonName(type);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String fieldPath = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
      FieldDescriptor field = fields.get(entry.getKey());
      if (field == null) {
        throw DecodeException.unknownField(fieldPath);
      }
      JsonNode value = entry.getValue();
      if (value.isNull()) {
        continue; // null means "unset", as upstream
      }
      if (field.isMapField()) {
        mergeMap(value, builder, field, fieldPath);
      } else if (field.isRepeated()) {
        if (!value.isArray()) {
          throw DecodeException.invalidType(fieldPath, typeName(value), "array");
        }
        for (int i = 0; i < value.size(); i++) {
          builder.addRepeatedField(field, element(value.get(i), builder, field, fieldPath + "[" + i + "]"));
        }
      } else {
        builder.setField(field, element(value, builder, field, fieldPath));
      }
    }
  }

  private static void mergeMap(JsonNode value, Message.Builder builder, FieldDescriptor field, String path) {
    if (!value.isObject()) {
      throw DecodeException.invalidType(path, typeName(value), "object");
    }
    Descriptor entryType = field.getMessageType();
    FieldDescriptor keyField = entryType.findFieldByNumber(1);
    FieldDescriptor valueField = entryType.findFieldByNumber(2);
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String entryPath = path + "." + e.getKey();
      Message.Builder entry = builder.newBuilderForField(field);
      entry.setField(keyField, mapKey(e.getKey(), keyField, entryPath));
      entry.setField(valueField, element(e.getValue(), entry, valueField, entryPath));
      builder.addRepeatedField(field, entry.build());
    }
  }

  /** One value of a singular field, a repeated element or a map value; null gives the zero value. */
  private static Object element(JsonNode value, Message.Builder parent, FieldDescriptor field, String path) {
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      if (field.getMessageType().getFullName().equals(IntOrString.getDescriptor().getFullName())) {
        return intOrString(value, path);
      }
      if (field.getMessageType().getFullName().equals(RawExtension.getDescriptor().getFullName())) {
        // Any JSON value, kept as its text (upstream RawExtension.UnmarshalJSON).
        return value.isNull() ? RawExtension.getDefaultInstance()
            : RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8(value.toString())).build();
      }
      Message.Builder child = parent.newBuilderForField(field);
      if (!value.isNull()) {
        merge(value, child, path);
      }
      return child.build();
    }
    if (value.isNull()) {
      return field.getJavaType() == FieldDescriptor.JavaType.ENUM
          ? field.getEnumType().getValues().get(0) : zeroValue(field);
    }
    return scalar(value, field, path);
  }

  private static IntOrString intOrString(JsonNode value, String path) {
    if (value.isNull()) {
      return IntOrString.getDefaultInstance();
    }
    if (value.isTextual()) {
      return IntOrString.newBuilder().setStrVal(value.asText()).build();
    }
    if (value.isIntegralNumber()) {
      return IntOrString.newBuilder().setIntVal((int) integer(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32")).build();
    }
    throw DecodeException.invalidType(path, typeName(value), "integer or string");
  }

  private static Object scalar(JsonNode value, FieldDescriptor field, String path) {
    switch (field.getType()) {
      case STRING:
        requireType(value.isTextual(), value, path, "string");
        return value.textValue();
      case BOOL:
        requireType(value.isBoolean(), value, path, "boolean");
        return value.booleanValue();
      case INT32: case SINT32: case SFIXED32:
        return (int) integer(value, path, Integer.MIN_VALUE, Integer.MAX_VALUE, "int32");
      case UINT32: case FIXED32:
        requireType(value.isIntegralNumber(), value, path, "integer");
        BigInteger u32 = value.bigIntegerValue();
        if (u32.signum() < 0 || u32.compareTo(UINT32_MAX) > 0) {
          throw DecodeException.invalidValue(path, value.asText() + " is out of range for uint32");
        }
        return u32.intValue();
      case INT64: case SINT64: case SFIXED64:
        return integer(value, path, Long.MIN_VALUE, Long.MAX_VALUE, "int64");
      case UINT64: case FIXED64:
        requireType(value.isIntegralNumber(), value, path, "integer");
        BigInteger u64 = value.bigIntegerValue();
        if (u64.signum() < 0 || u64.compareTo(UINT64_MAX) > 0) {
          throw DecodeException.invalidValue(path, value.asText() + " is out of range for uint64");
        }
        return u64.longValue();
      case FLOAT:
        requireType(value.isNumber(), value, path, "number");
        return value.floatValue();
      case DOUBLE:
        requireType(value.isNumber(), value, path, "number");
        return value.doubleValue();
      case BYTES:
        requireType(value.isTextual(), value, path, "string");
        return base64(value.textValue(), path);
      case ENUM:
        requireType(value.isTextual(), value, path, "string");
        EnumValueDescriptor v = field.getEnumType().findValueByName(value.textValue());
        if (v == null) {
          throw DecodeException.invalidValue(path, "unsupported value \"" + value.textValue() + "\"");
        }
        return v;
      default:
        throw new IllegalStateException("Unexpected field type " + field.getType() + " at " + path);
    }
  }

  private static long integer(JsonNode value, String path, long min, long max, String typeName) {
    requireType(value.isIntegralNumber(), value, path, "integer");
    BigInteger v = value.bigIntegerValue();
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw DecodeException.invalidValue(path, v + " is out of range for " + typeName);
    }
    return v.longValue();
  }

  /** Standard base64 with padding, as Go's encoding/json; line breaks are ignored like Go does. */
  private static ByteString base64(String text, String path) {
    String compact = text.replace("\r", "").replace("\n", "");
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(compact));
    } catch (IllegalArgumentException e) {
      throw DecodeException.invalidValue(path, "illegal base64 data (" + e.getMessage() + ")");
    }
  }

  private static Object mapKey(String key, FieldDescriptor keyField, String path) {
    switch (keyField.getJavaType()) {
      case STRING:
        return key;
      case BOOLEAN:
        if (!key.equals("true") && !key.equals("false")) {
          throw DecodeException.invalidValue(path, "map key \"" + key + "\" is not a boolean");
        }
        return Boolean.parseBoolean(key);
      case INT:
      case LONG:
        try {
          long v = Long.parseLong(key);
          return keyField.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) Math.toIntExact(v) : (Object) v;
        } catch (NumberFormatException | ArithmeticException e) {
          throw DecodeException.invalidValue(path, "map key \"" + key + "\" is not an integer");
        }
      default:
        throw new IllegalStateException("Unexpected map key type " + keyField.getType() + " at " + path);
    }
  }

  private static Object zeroValue(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case INT -> 0;
      case LONG -> 0L;
      case FLOAT -> 0f;
      case DOUBLE -> 0d;
      case BOOLEAN -> false;
      case STRING -> "";
      case BYTE_STRING -> ByteString.EMPTY;
      default -> throw new IllegalStateException("No zero value for " + field.getJavaType());
    };
  }

  private static void requireType(boolean ok, JsonNode value, String path, String expected) {
    if (!ok) {
      throw DecodeException.invalidType(path, typeName(value), expected);
    }
  }

  /** The JSON type of a value, as upstream names it in validation errors. */
  static String typeName(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isNull()) {
      return "null";
    }
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, FieldDescriptor> fieldsByJsonName(Descriptor type) {
    return FIELDS_BY_JSON_NAME.computeIfAbsent(type, t -> {
      Map<String, FieldDescriptor> byName = new HashMap<>();
      for (FieldDescriptor f : t.getFields()) {
        byName.put(f.getJsonName(), f);
      }
      return Map.copyOf(byName);
    });
  }
}
