package io.kava.kubectl.explain;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comments of the .proto files, from the descriptor set with source info that the proto module
 * writes into its jar (kava/descriptors.pb): a message's by its full name ("kava.core.v1.PodSpec"), a
 * field's by message and field name ("kava.core.v1.PodSpec.node_name"). Empty when the set is absent.
 */
final class ProtoComments {
  static final String RESOURCE = "/kava/descriptors.pb";
  private static final int MESSAGE_TYPE = 4; // FileDescriptorProto.message_type
  private static final int FIELD = 2; // DescriptorProto.field
  private static final int NESTED_TYPE = 3; // DescriptorProto.nested_type

  private final Map<String, String> comments;

  private ProtoComments(Map<String, String> comments) {
    this.comments = comments;
  }

  static ProtoComments load() {
    Map<String, String> comments = new HashMap<>();
    try (InputStream in = ProtoComments.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        for (FileDescriptorProto file : FileDescriptorSet.parseFrom(in).getFileList()) {
          read(file, comments);
        }
      }
    } catch (IOException e) {
      // no descriptions then: explain still shows names and types
    }
    return new ProtoComments(comments);
  }

  String of(String key) {
    return comments.getOrDefault(key, "");
  }

  private static void read(FileDescriptorProto file, Map<String, String> out) {
    Map<List<Integer>, String> byPath = new HashMap<>();
    for (Location l : file.getSourceCodeInfo().getLocationList()) {
      String text = l.getLeadingComments().isBlank() ? l.getTrailingComments() : l.getLeadingComments();
      if (!text.isBlank() && !text.strip().startsWith("---")) { // "// ----- Pod" heads a section, not a message
        byPath.put(l.getPathList(), clean(text));
      }
    }
    String prefix = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
    for (int i = 0; i < file.getMessageTypeCount(); i++) {
      message(file.getMessageType(i), prefix, List.of(MESSAGE_TYPE, i), byPath, out);
    }
  }

  private static void message(DescriptorProto m, String prefix, List<Integer> path, Map<List<Integer>, String> byPath,
      Map<String, String> out) {
    String name = prefix + m.getName();
    if (byPath.containsKey(path)) {
      out.put(name, byPath.get(path));
    }
    for (int f = 0; f < m.getFieldCount(); f++) {
      String c = byPath.get(append(path, FIELD, f));
      if (c != null) {
        out.put(name + "." + m.getField(f).getName(), c);
      }
    }
    for (int n = 0; n < m.getNestedTypeCount(); n++) {
      message(m.getNestedType(n), name + ".", append(path, NESTED_TYPE, n), byPath, out);
    }
  }

  private static List<Integer> append(List<Integer> path, int a, int b) {
    Integer[] p = path.toArray(new Integer[path.size() + 2]);
    p[path.size()] = a;
    p[path.size() + 1] = b;
    return List.of(p);
  }

  private static String clean(String comment) {
    return String.join(" ", comment.strip().lines().map(String::strip).toList());
  }
}
