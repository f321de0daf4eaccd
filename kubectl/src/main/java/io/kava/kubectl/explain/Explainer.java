package io.kava.kubectl.explain;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.kava.client.Kind;
import io.kava.kubectl.CliException;
import io.kava.kubectl.resource.ResourceArgs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * `kavactl explain KIND[.field.path] [--recursive]` from the protobuf descriptors of the kinds: field
 * names as their JSON names, types as kubectl prints them (<string>, <integer>, <[]Container>,
 * <map[string]string>, <Object name>), descriptions from the .proto comments when the build carried them.
 */
public final class Explainer {
  private static final String INDENT = "  ";
  private static final Set<String> BARE_VALUES = Set.of("kava.meta.v1.IntOrString");

  private final ProtoComments comments = ProtoComments.load();

  public void explain(String path, boolean recursive, PrintStream out) {
    String[] parts = path.split("\\.");
    Kind kind = ResourceArgs.kind(parts[0]);
    Descriptor message = kind.defaultInstance().getDescriptorForType();
    FieldDescriptor field = null;
    for (int i = 1; i < parts.length; i++) {
      FieldDescriptor f = byJsonName(message, parts[i]);
      if (f == null || (i < parts.length - 1 && !isObject(f))) {
        throw CliException.error("field \"" + parts[i] + "\" does not exist");
      }
      field = f;
      if (isObject(f)) {
        message = f.getMessageType();
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("KIND:       ").append(kind.kind()).append('\n');
    if (!kind.group().isEmpty()) {
      b.append("GROUP:      ").append(kind.group()).append('\n');
    }
    b.append("VERSION:    ").append(kind.version()).append("\n\n");
    String description;
    if (field != null) {
      b.append("FIELD: ").append(field.getJsonName()).append(" <").append(type(field)).append(">\n\n");
      description = comments.of(field.getContainingType().getFullName() + "." + field.getName());
      if (description.isEmpty() && isObject(field)) {
        description = comments.of(field.getMessageType().getFullName());
      }
    } else {
      description = comments.of(message.getFullName());
    }
    b.append("DESCRIPTION:\n");
    b.append(wrap(description.isEmpty() ? "<empty>" : description, "    ")).append('\n');
    if (field == null || isObject(field)) {
      b.append("FIELDS:\n");
      fields(message, recursive, INDENT, b, new ArrayList<>());
    }
    out.print(b);
  }

  private void fields(Descriptor message, boolean recursive, String indent, StringBuilder b, List<String> seen) {
    List<FieldDescriptor> byName = new ArrayList<>(message.getFields());
    byName.sort(java.util.Comparator.comparing(FieldDescriptor::getJsonName)); // kubectl lists fields by name
    for (FieldDescriptor f : byName) {
      b.append(indent).append(f.getJsonName()).append('\t').append('<').append(type(f)).append(">\n");
      if (recursive) {
        if (isObject(f) && !seen.contains(f.getMessageType().getFullName())) {
          seen.add(f.getMessageType().getFullName());
          fields(f.getMessageType(), true, indent + INDENT, b, seen);
          seen.remove(seen.size() - 1);
        }
        continue;
      }
      String c = comments.of(message.getFullName() + "." + f.getName());
      if (!c.isEmpty()) {
        b.append(wrap(c, indent + INDENT));
      }
      b.append('\n');
    }
  }

  private static FieldDescriptor byJsonName(Descriptor message, String name) {
    for (FieldDescriptor f : message.getFields()) {
      if (f.getJsonName().equals(name) || f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** A field whose value is an object with fields of its own (not a map, not a bare IntOrString). */
  private static boolean isObject(FieldDescriptor f) {
    return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()
        && !BARE_VALUES.contains(f.getMessageType().getFullName());
  }

  static String type(FieldDescriptor f) {
    if (f.isMapField()) {
      return "map[string]" + scalar(f.getMessageType().findFieldByName("value"));
    }
    String t = scalar(f);
    return f.isRepeated() ? "[]" + t : t;
  }

  private static String scalar(FieldDescriptor f) {
    return switch (f.getJavaType()) {
      case INT, LONG -> "integer";
      case FLOAT, DOUBLE -> "number";
      case BOOLEAN -> "boolean";
      case STRING, BYTE_STRING, ENUM -> "string";
      case MESSAGE -> f.getMessageType().getName();
    };
  }

  private static String wrap(String text, String indent) {
    StringBuilder b = new StringBuilder();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() > indent.length() && line.length() + word.length() + 1 > 80) {
        b.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    return b.append(line).append('\n').toString();
  }
}
