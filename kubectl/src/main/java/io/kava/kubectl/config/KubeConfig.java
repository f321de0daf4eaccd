package io.kava.kubectl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kavactl's config file in kubeconfig's shape: named clusters (server), contexts (cluster, namespace,
 * user), users, and the current context. Held as the file's own JSON tree, so fields kavactl does not
 * read (a user's credentials, a cluster's CA) survive a rewrite. Every change returns a new config.
 *
 * <p>The file older clusters' deploy/up.sh wrote is one line, `server: HOST:PORT`; it reads as a config
 * with no contexts whose {@link #legacyServer()} is that address, and becomes a cluster and context
 * named "default" when kavactl first writes it.
 */
public final class KubeConfig {
  public static final String LEGACY_NAME = "default";

  private final ObjectNode tree;

  private KubeConfig(ObjectNode tree) {
    this.tree = tree;
  }

  public static KubeConfig empty() {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("apiVersion", "v1");
    t.put("kind", "Config");
    t.putArray("clusters");
    t.putArray("contexts");
    t.put("current-context", "");
    t.putObject("preferences");
    t.putArray("users");
    return new KubeConfig(t);
  }

  /** From a parsed file; a legacy `server:` file becomes a cluster and context named "default" here. */
  public static KubeConfig of(JsonNode node) {
    if (node == null || !node.isObject()) {
      return empty();
    }
    ObjectNode t = ((ObjectNode) node).deepCopy();
    for (String list : List.of("clusters", "contexts", "users")) {
      if (!t.path(list).isArray()) {
        t.putArray(list);
      }
    }
    return new KubeConfig(t);
  }

  /** The server of a legacy one-line file, or null. */
  public String legacyServer() {
    JsonNode s = tree.get("server");
    return s != null && s.isTextual() && !s.textValue().isBlank() ? s.textValue().strip() : null;
  }

  public ObjectNode tree() {
    return tree.deepCopy();
  }

  /** The file as kavactl writes it: a legacy `server:` turned into a cluster and context "default". */
  public KubeConfig upgraded() {
    String legacy = legacyServer();
    if (legacy == null && !tree.has("server")) {
      return this;
    }
    ObjectNode t = JsonNodeFactory.instance.objectNode(); // apiVersion and kind first, as kubectl writes them
    t.put("apiVersion", "v1");
    t.put("kind", "Config");
    tree.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("server")) {
        t.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    KubeConfig c = new KubeConfig(t);
    if (legacy == null) {
      return c;
    }
    c = c.withCluster(LEGACY_NAME, legacy).withContext(LEGACY_NAME, new Context(LEGACY_NAME, "", ""));
    return c.currentContext().isEmpty() ? c.withCurrentContext(LEGACY_NAME) : c;
  }

  public String currentContext() {
    return tree.path("current-context").asText("");
  }

  public List<String> contextNames() {
    return names("contexts");
  }

  public List<String> clusterNames() {
    return names("clusters");
  }

  public Optional<Context> context(String name) {
    return entry("contexts", name).map(e -> {
      JsonNode c = e.path("context");
      return new Context(c.path("cluster").asText(""), c.path("namespace").asText(""), c.path("user").asText(""));
    });
  }

  /** The server of a named cluster. */
  public Optional<String> server(String cluster) {
    return entry("clusters", cluster).map(e -> e.path("cluster").path("server").asText("")).filter(s -> !s.isBlank());
  }

  public boolean hasCluster(String name) {
    return entry("clusters", name).isPresent();
  }

  public KubeConfig withCurrentContext(String name) {
    ObjectNode t = tree.deepCopy();
    t.put("current-context", name);
    return new KubeConfig(t);
  }

  /** Sets a cluster's server, creating the cluster if needed. */
  public KubeConfig withCluster(String name, String server) {
    ObjectNode t = tree.deepCopy();
    ObjectNode entry = entryOf(t, "clusters", name);
    ObjectNode cluster = entry.path("cluster").isObject() ? (ObjectNode) entry.get("cluster") : entry.putObject("cluster");
    cluster.put("server", server);
    return new KubeConfig(t);
  }

  /** Sets a context's fields; empty fields of {@code changes} leave the existing value. */
  public KubeConfig withContext(String name, Context changes) {
    ObjectNode t = tree.deepCopy();
    ObjectNode entry = entryOf(t, "contexts", name);
    ObjectNode c = entry.path("context").isObject() ? (ObjectNode) entry.get("context") : entry.putObject("context");
    for (String[] field : new String[][] {{"cluster", changes.cluster()}, {"namespace", changes.namespace()},
        {"user", changes.user()}}) {
      if (field[1] != null && !field[1].isEmpty()) {
        c.put(field[0], field[1]);
      } else if (!c.has(field[0])) {
        c.put(field[0], "");
      }
    }
    return new KubeConfig(t);
  }

  public KubeConfig withoutContext(String name) {
    return without("contexts", name);
  }

  public KubeConfig withoutCluster(String name) {
    return without("clusters", name);
  }

  public KubeConfig renameContext(String from, String to) {
    ObjectNode t = tree.deepCopy();
    for (JsonNode e : t.path("contexts")) {
      if (e.path("name").asText().equals(from)) {
        ((ObjectNode) e).put("name", to);
      }
    }
    if (currentContext().equals(from)) {
      t.put("current-context", to);
    }
    return new KubeConfig(t);
  }

  /** Only the current context, its cluster and its user (config view --minify). */
  public KubeConfig minified() {
    String current = currentContext();
    Context c = context(current).orElse(new Context("", "", ""));
    ObjectNode t = tree.deepCopy();
    keepOnly(t, "contexts", current);
    keepOnly(t, "clusters", c.cluster());
    keepOnly(t, "users", c.user());
    return new KubeConfig(t);
  }

  private static void keepOnly(ObjectNode t, String list, String name) {
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    for (JsonNode e : t.path(list)) {
      if (e.path("name").asText().equals(name)) {
        kept.add(e);
      }
    }
    t.set(list, kept);
  }

  private KubeConfig without(String list, String name) {
    ObjectNode t = tree.deepCopy();
    ArrayNode array = (ArrayNode) t.get(list);
    for (int i = array.size() - 1; i >= 0; i--) {
      if (array.get(i).path("name").asText().equals(name)) {
        array.remove(i);
      }
    }
    return new KubeConfig(t);
  }

  private List<String> names(String list) {
    List<String> names = new ArrayList<>();
    tree.path(list).forEach(e -> names.add(e.path("name").asText("")));
    return names;
  }

  private Optional<JsonNode> entry(String list, String name) {
    for (JsonNode e : tree.path(list)) {
      if (e.path("name").asText("").equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static ObjectNode entryOf(ObjectNode t, String list, String name) {
    for (JsonNode e : t.path(list)) {
      if (e.path("name").asText("").equals(name)) {
        return (ObjectNode) e;
      }
    }
    ObjectNode e = ((ArrayNode) t.get(list)).addObject();
    e.put("name", name);
    return e;
  }

  /** A context: which cluster, which default namespace, which user (empty: none). */
  public record Context(String cluster, String namespace, String user) {}
}
