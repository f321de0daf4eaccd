package io.kava.client.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.RawExtension;
import io.kava.client.Kind;
import java.util.List;

/**
 * Builds an object of a kind with every field set, recursively: strings chosen to trip YAML (numbers,
 * booleans, multi-line, leading spaces, unicode), optional fields set to their zero value, two elements in
 * every list and map. Different seeds give different values.
 */
final class RichObjects {
  private static final List<String> TRICKY = List.of("plain", "8080", "true", "line one\nline two\n", "no trailing\nnewline",
      "with: colon", "  leading spaces", "null", "25%", "2024-01-01T00:00:00Z", "ünïcödé ✓", "#hash", "- dash",
      "'single'", "\"double\"", "0x1F", "1e3", "yes", "~", ".5", "trailing space ", "tab\there", "", "{a: b}", "[x]");
  private int counter;

  RichObjects(int seed) {
    this.counter = seed;
  }

  Message build(Kind kind) {
    Message.Builder b = kind.defaultInstance().newBuilderForType();
    fill(b, 0);
    b.setField(b.getDescriptorForType().findFieldByName("api_version"), kind.apiVersion());
    b.setField(b.getDescriptorForType().findFieldByName("kind"), kind.kind());
    return b.build();
  }

  private void fill(Message.Builder b, int depth) {
    for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
      if (f.isMapField()) {
        FieldDescriptor key = f.getMessageType().findFieldByNumber(1);
        FieldDescriptor value = f.getMessageType().findFieldByNumber(2);
        for (int i = 0; i < 2; i++) {
          Message.Builder entry = b.newBuilderForField(f);
          entry.setField(key, "key." + nextString() + "/" + i);
          entry.setField(value, value(entry, value, depth));
          b.addRepeatedField(f, entry.build());
        }
      } else if (f.isRepeated()) {
        for (int i = 0; i < 2; i++) {
          b.addRepeatedField(f, value(b, f, depth));
        }
      } else if (f.getContainingOneof() != null) {
        if (f.getContainingOneof().getFields().get(counter++ % f.getContainingOneof().getFieldCount()).equals(f)) {
          b.setField(f, value(b, f, depth));
        }
      } else if (f.hasPresence() && f.getJavaType() != FieldDescriptor.JavaType.MESSAGE && counter++ % 3 == 0) {
        b.setField(f, f.getDefaultValue()); // optional zero: presence must survive
      } else {
        b.setField(f, value(b, f, depth));
      }
    }
  }

  private Object value(Message.Builder parent, FieldDescriptor f, int depth) {
    counter++;
    return switch (f.getJavaType()) {
      case STRING -> nextString();
      case INT -> (counter % 2 == 0 ? 1 : -1) * counter * 7;
      case LONG -> (counter % 2 == 0 ? 1L : -1L) * counter * 10_000_000_000L;
      case BOOLEAN -> counter % 2 == 0;
      case FLOAT -> counter + 0.5f;
      case DOUBLE -> counter + 0.25;
      case BYTE_STRING -> ByteString.copyFrom(new byte[] {0, (byte) counter, (byte) 0xff, '\n', 'a'});
      case ENUM -> f.getEnumType().getValues().get(counter % f.getEnumType().getValues().size());
      case MESSAGE -> {
        if (f.getMessageType().equals(IntOrString.getDescriptor())) {
          yield counter % 2 == 0 ? IntOrString.newBuilder().setIntVal(counter).build()
              : IntOrString.newBuilder().setStrVal(counter % 4 == 1 ? "http" : "25%").build();
        }
        if (f.getMessageType().equals(RawExtension.getDescriptor())) {
          // Compact JSON, as the decoder keeps it: any JSON value round-trips.
          yield RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8(
              "{\"spec\":{\"template\":{\"n\":" + counter + ",\"a\":[true,null,\"x\"],\"$patch\":\"replace\"}}}")).build();
        }
        Message.Builder child = parent.newBuilderForField(f);
        if (depth < 12) {
          fill(child, depth + 1);
        }
        yield child.build();
      }
    };
  }

  private String nextString() {
    return TRICKY.get(counter++ % TRICKY.size());
  }
}
