package io.kava.client.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.protobuf.Message;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes manifests (YAML or JSON, one or many documents, `kind: List`) to and from the protobuf API
 * objects, driven by the message descriptors. Field names and shapes are Kubernetes' own, so upstream
 * manifests read unchanged; mistakes come back as a {@link ManifestException} naming the field path.
 *
 * <pre>
 * List&lt;Message&gt; objects = Manifests.parse(Files.readString(path), path.toString());
 * String yaml = Manifests.toYaml(deployment);
 * </pre>
 */
public final class Manifests {
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES) // long values stay on one line, readable and greppable
      .stringQuotingChecker(new YamlQuoting())
      .build());
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());
  /** Go's json.MarshalIndent look: `"key": value`, arrays one element a line, `[]` and `{}` when empty. */
  private static final ObjectWriter PRETTY_JSON = JSON.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private Manifests() {}

  /**
   * Every object of a manifest stream, in order: YAML documents separated by `---`, flow-style YAML, one or
   * more JSON objects, and the items of `kind: List` documents. Empty documents are skipped.
   *
   * @param sourceName the file name (or "STDIN") named in error messages
   * @throws ManifestException on a syntax error, an unknown kind, an unknown field or a value of the wrong type
   */
  public static List<Message> parse(String text, String sourceName) {
    List<JsonNode> documents = readDocuments(text, sourceName);
    long nonEmpty = documents.stream().filter(d -> !isEmpty(d)).count();
    List<Message> objects = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      if (!isEmpty(document)) {
        Where where = new Where(sourceName, i + 1, nonEmpty > 1);
        collect(document, "", where, objects);
      }
    }
    return objects;
  }

  /** The single object of a manifest; fails if it holds none or several. */
  public static Message parseOne(String text, String sourceName) {
    List<Message> objects = parse(text, sourceName);
    if (objects.size() != 1) {
      throw new ManifestException("error validating \"" + sourceName + "\": expected exactly one object, found "
          + objects.size(), sourceName, 0);
    }
    return objects.get(0);
  }

  /** The single object of a manifest as the given type (handy for fixtures in tests). */
  public static <T extends Message> T parseAs(String text, Class<T> type) {
    Message object = parseOne(text, type.getSimpleName());
    if (!type.isInstance(object)) {
      throw new ManifestException("error validating \"" + type.getSimpleName() + "\": expected kind "
          + Kinds.of(type).kind() + ", found " + Kinds.of(object).kind(), type.getSimpleName(), 1);
    }
    return type.cast(object);
  }

  /** One object from an already parsed tree (its apiVersion and kind pick the message type). */
  public static Message fromTree(JsonNode node, String sourceName) {
    List<Message> objects = new ArrayList<>();
    collect(node, "", new Where(sourceName, 1, false), objects);
    if (objects.size() != 1) {
      throw new ManifestException("error validating \"" + sourceName + "\": expected exactly one object, found "
          + objects.size(), sourceName, 1);
    }
    return objects.get(0);
  }

  /**
   * Any message (not only top-level objects, e.g. a PodTemplateSpec) from a JSON tree in Kubernetes' shape.
   *
   * @throws IllegalArgumentException on an unknown field or a value of the wrong type, naming its path
   */
  public static <T extends Message> T fromTreeOfMessage(JsonNode node, T prototype) {
    Message.Builder builder = prototype.newBuilderForType();
    try {
      MessageDecoder.merge(node, builder, "");
    } catch (DecodeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    @SuppressWarnings("unchecked")
    T built = (T) builder.build();
    return built;
  }

  /** The object as a JSON tree in kubectl's shape (apiVersion, kind, metadata, spec, status). */
  public static ObjectNode toTree(Message object) {
    return MessageEncoder.encodeObject(object);
  }

  /** Any message (not only top-level objects, e.g. a PodSpec) as a JSON tree in Kubernetes' shape. */
  public static ObjectNode toTreeOfMessage(Message message) {
    return MessageEncoder.encode(message);
  }

  public static String toYaml(Message object) {
    return writeYaml(toTree(object));
  }

  /** Pretty JSON indented by 2 spaces, ending in a newline. */
  public static String toJson(Message object) {
    return writePrettyJson(toTree(object));
  }

  /** JSON on one line (the last-applied annotation, logs). */
  public static String toCompactJson(Message object) {
    try {
      return JSON.writeValueAsString(toTree(object));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Several objects as kubectl prints them: one `apiVersion: v1, kind: List` holding the items. */
  public static String listToYaml(List<? extends Message> objects) {
    return writeYaml(listTree(objects));
  }

  public static String listToJson(List<? extends Message> objects) {
    return writePrettyJson(listTree(objects));
  }

  /** YAML text of any JSON tree, in the same style as {@link #toYaml}. */
  public static String writeYaml(JsonNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pretty JSON text of any JSON tree, in the same style as {@link #toJson}. */
  public static String writePrettyJson(JsonNode tree) {
    try {
      return PRETTY_JSON.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode listTree(List<? extends Message> objects) {
    ObjectNode list = JSON.createObjectNode();
    list.put("apiVersion", "v1");
    ArrayNode items = list.putArray("items");
    objects.forEach(o -> items.add(toTree(o)));
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  /** Where a document came from, for error messages. */
  private record Where(String source, int document, boolean several) {
    String validating() {
      return "error validating \"" + source + "\"" + (several ? " (document " + document + ")" : "");
    }

    ManifestException error(String message) {
      return new ManifestException(message, source, document);
    }
  }

  private static void collect(JsonNode node, String path, Where where, List<Message> out) {
    if (!node.isObject()) {
      throw where.error(where.validating() + ": " + (path.isEmpty() ? "" : path + ": ")
          + "expected an object, got " + MessageDecoder.typeName(node));
    }
    String apiVersion = stringField(node, path, "apiVersion", where);
    String kindName = stringField(node, path, "kind", where);
    if (kindName.isEmpty() || apiVersion.isEmpty()) {
      throw where.error(where.validating() + ": " + (path.isEmpty() ? "" : path + ".")
          + (kindName.isEmpty() ? "kind" : "apiVersion") + " not set");
    }
    Kind kind = Kinds.byKind(apiVersion, kindName).orElse(null);
    if (kind == null && isList(kindName, node)) {
      JsonNode items = node.get("items");
      for (int i = 0; i < items.size(); i++) {
        collect(items.get(i), (path.isEmpty() ? "" : path + ".") + "items[" + i + "]", where, out);
      }
      return;
    }
    if (kind == null) {
      throw where.error("unable to recognize \"" + where.source() + "\": no matches for kind \"" + kindName
          + "\" in version \"" + apiVersion + "\"");
    }
    Message.Builder builder = kind.defaultInstance().newBuilderForType();
    try {
      MessageDecoder.merge(node, builder, path);
    } catch (DecodeException e) {
      throw where.error(where.validating() + ": " + e.getMessage());
    }
    out.add(builder.build());
  }

  private static boolean isList(String kind, JsonNode node) {
    return (kind.equals("List") || kind.endsWith("List")) && node.has("items") && node.get("items").isArray();
  }

  private static String stringField(JsonNode node, String path, String name, Where where) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw where.error(where.validating() + ": " + DecodeException.invalidType(
          path.isEmpty() ? name : path + "." + name, MessageDecoder.typeName(value), "string").getMessage());
    }
    return value.textValue();
  }

  private static boolean isEmpty(JsonNode document) {
    return document == null || document.isNull() || document.isMissingNode()
        || (document.isTextual() && document.textValue().isBlank());
  }

  private static List<JsonNode> readDocuments(String text, String sourceName) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    String start = body.stripLeading();
    if (start.startsWith("{")) {
      try {
        return readAll(JSON, body);
      } catch (IOException e) {
        if (start.substring(1).stripLeading().startsWith("\"")) {
          throw new ManifestException("error parsing \"" + sourceName + "\": " + SyntaxErrors.oneLine(e), sourceName, 0);
        }
        // flow-style YAML ({apiVersion: v1, ...}) is not JSON: read it as YAML below
      }
    }
    try {
      return readAll(YAML, body);
    } catch (IOException e) {
      throw new ManifestException("error parsing \"" + sourceName + "\": " + SyntaxErrors.oneLine(e), sourceName, 0);
    }
  }

  private static List<JsonNode> readAll(ObjectMapper mapper, String text) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        documents.add(it.nextValue());
      }
    }
    return documents;
  }
}
