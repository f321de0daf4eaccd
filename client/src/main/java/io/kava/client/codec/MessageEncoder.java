package io.kava.client.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.RawExtension;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a protobuf message as the JSON tree kubectl would print: JSON names, proto field order, unset and
 * default fields left out (fields with presence are written when set, even to their zero value), maps
 * sorted by key, IntOrString as a bare value, a RawExtension as the JSON it holds, bytes as base64.
 */
final class MessageEncoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String INT_OR_STRING = IntOrString.getDescriptor().getFullName();
  private static final String RAW_EXTENSION = RawExtension.getDescriptor().getFullName();
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageEncoder() {}

  /** A top-level API object; apiVersion and kind come from the kind registry when the message lacks them. */
  static ObjectNode encodeObject(Message object) {
    ObjectNode node = encode(object);
    Kind kind = Kinds.of(object);
    ObjectNode ordered = NODES.objectNode();
    ordered.put("apiVersion", node.has("apiVersion") ? node.get("apiVersion").asText() : kind.apiVersion());
    ordered.put("kind", node.has("kind") ? node.get("kind").asText() : kind.kind());
    node.remove("apiVersion");
    node.remove("kind");
    ordered.setAll(node);
    return ordered;
  }

  static ObjectNode encode(Message message) {
    ObjectNode node = NODES.objectNode();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      JsonNode value = fieldValue(message, field);
      if (value != null) {
        node.set(field.getJsonName(), value);
      }
    }
    return node;
  }

  /** The field as JSON, or null when it is unset and must be left out. */
  private static JsonNode fieldValue(Message message, FieldDescriptor field) {
    if (field.isMapField()) {
      @SuppressWarnings("unchecked")
      List<Message> entries = (List<Message>) message.getField(field);
      if (entries.isEmpty()) {
        return null;
      }
      FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
      FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Message entry : entries) {
        sorted.put(String.valueOf(entry.getField(keyField)), value(valueField, entry.getField(valueField)));
      }
      ObjectNode map = NODES.objectNode();
      sorted.forEach(map::set);
      return map;
    }
    if (field.isRepeated()) {
      int count = message.getRepeatedFieldCount(field);
      if (count == 0) {
        return null;
      }
      ArrayNode array = NODES.arrayNode();
      for (int i = 0; i < count; i++) {
        array.add(value(field, message.getRepeatedField(field, i)));
      }
      return array;
    }
    if (field.hasPresence()) {
      if (!message.hasField(field)) {
        return null;
      }
      JsonNode v = value(field, message.getField(field));
      return v.isNull() ? null : v; // an IntOrString holding neither value is unset
    }
    Object v = message.getField(field);
    return v.equals(field.getDefaultValue()) ? null : value(field, v);
  }

  /** The embedded JSON inline; empty is unset; text that is not JSON is written as a string. */
  private static JsonNode raw(RawExtension r) {
    if (r.getRaw().isEmpty()) {
      return NODES.nullNode();
    }
    try {
      return JSON.readTree(r.getRaw().toStringUtf8());
    } catch (JsonProcessingException e) {
      return NODES.textNode(r.getRaw().toStringUtf8());
    }
  }

  private static JsonNode value(FieldDescriptor field, Object v) {
    switch (field.getJavaType()) {
      case MESSAGE:
        Message m = (Message) v;
        if (m.getDescriptorForType().getFullName().equals(INT_OR_STRING)) {
          IntOrString ios = m instanceof IntOrString i ? i : IntOrString.newBuilder().mergeFrom(m).build();
          return switch (ios.getValueCase()) {
            case INT_VAL -> NODES.numberNode(ios.getIntVal());
            case STR_VAL -> NODES.textNode(ios.getStrVal());
            default -> NODES.nullNode();
          };
        }
        if (m.getDescriptorForType().getFullName().equals(RAW_EXTENSION)) {
          return raw(m instanceof RawExtension r ? r : RawExtension.newBuilder().mergeFrom(m).build());
        }
        return encode(m);
      case INT:
        return field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.FIXED32
            ? NODES.numberNode(Integer.toUnsignedLong((Integer) v)) : NODES.numberNode((Integer) v);
      case LONG:
        return field.getType() == FieldDescriptor.Type.UINT64 || field.getType() == FieldDescriptor.Type.FIXED64
            ? NODES.numberNode(new java.math.BigInteger(Long.toUnsignedString((Long) v))) : NODES.numberNode((Long) v);
      case FLOAT:
        return NODES.numberNode((Float) v);
      case DOUBLE:
        return NODES.numberNode((Double) v);
      case BOOLEAN:
        return NODES.booleanNode((Boolean) v);
      case STRING:
        return NODES.textNode((String) v);
      case BYTE_STRING:
        return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case ENUM:
        return NODES.textNode(((EnumValueDescriptor) v).getName());
      default:
        throw new IllegalStateException("Unexpected field type " + field.getJavaType());
    }
  }
}
