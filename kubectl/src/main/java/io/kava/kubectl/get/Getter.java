package io.kava.kubectl.get;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Event;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Age;
import io.kava.kubectl.print.ObjectTrees;
import io.kava.kubectl.print.OutputFormat;
import io.kava.kubectl.print.Templates;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** `kavactl get`: reads objects of one or more kinds and prints them as a table, YAML, JSON or names. */
public final class Getter {
  private final Session session;

  public Getter(Session session) {
    this.session = session;
  }

  /** Returns the exit code: 1 if any named object could not be read. */
  public int get(GetOptions options) {
    if (options.allNamespaces() && options.targets().stream().anyMatch(t -> !t.names().isEmpty())) {
      throw CliException.error("a resource cannot be retrieved by name across all namespaces");
    }
    if (options.watch() || options.watchOnly()) {
      if (options.targets().size() != 1) {
        throw CliException.error("you may only specify a single resource type");
      }
      return new Watcher(session, options).run();
    }
    int exit = 0;
    List<Section> sections = new ArrayList<>();
    for (Target target : options.targets()) {
      Section section = new Section(target.kind(), new ArrayList<>());
      if (target.names().isEmpty()) {
        section.objects().addAll(list(session, target.kind(), options));
      } else {
        for (String name : target.names()) {
          try {
            section.objects().add(session.resource(target.kind()).get(namespaceOf(target.kind(), options), name));
          } catch (ApiException e) {
            session.err().println(session.describe(e, target.kind(), name));
            exit = 1;
          }
        }
      }
      if (options.print().sortBy() != null) {
        section = new Section(section.kind(), new ArrayList<>(options.print().sortBy().sort(section.objects())));
      }
      sections.add(section);
    }
    print(sections, options, exit != 0);
    return exit;
  }

  private record Section(Kind kind, List<Message> objects) {}

  private void print(List<Section> sections, GetOptions options, boolean hadErrors) {
    List<Message> all = sections.stream().flatMap(s -> s.objects().stream()).toList();
    boolean namedLookup = options.targets().stream().allMatch(t -> !t.names().isEmpty());
    switch (options.output()) {
      case YAML, JSON -> {
        if (all.isEmpty() && namedLookup) {
          return;
        }
        boolean single = options.targets().size() == 1 && options.targets().get(0).names().size() == 1 && all.size() == 1;
        boolean yaml = options.output() == OutputFormat.YAML;
        String text = single ? (yaml ? Manifests.toYaml(all.get(0)) : Manifests.toJson(all.get(0)))
            : (yaml ? Manifests.listToYaml(all) : Manifests.listToJson(all));
        session.out().print(text);
        session.out().flush();
      }
      case NAME -> {
        all.forEach(o -> session.out().println(ObjectNames.slashed(o)));
        noneFound(all, options, hadErrors);
      }
      case JSONPATH -> {
        if (all.isEmpty() && namedLookup) {
          return;
        }
        boolean single = options.targets().size() == 1 && options.targets().get(0).names().size() == 1 && all.size() == 1;
        session.out().print(Templates.execute(options.print().output().template(),
            single ? ObjectTrees.of(all.get(0)) : ObjectTrees.list(all)));
        session.out().flush();
      }
      case CUSTOM_COLUMNS -> {
        options.print().output().columns().print(all.stream().map(ObjectTrees::of).toList(), options.print().noHeaders(),
            session.out());
        noneFound(all, options, hadErrors);
      }
      default -> {
        Instant now = session.clock().instant();
        boolean first = true;
        for (Section s : sections) {
          if (s.objects().isEmpty()) {
            continue;
          }
          if (!first) {
            session.out().println();
          }
          first = false;
          options.print().table(s.kind(), options.allNamespaces(), options.targets().size() > 1)
              .print(s.objects(), now, session.out());
        }
        noneFound(all, options, hadErrors);
      }
    }
  }

  private void noneFound(List<Message> all, GetOptions options, boolean hadErrors) {
    if (!all.isEmpty() || hadErrors) {
      return;
    }
    Kind first = options.targets().get(0).kind();
    session.err().println(first.namespaced() && !options.allNamespaces()
        ? "No resources found in " + session.namespace() + " namespace." : "No resources found");
  }

  static String namespaceOf(Kind kind, GetOptions options, Session session) {
    if (!kind.namespaced() || options.allNamespaces()) {
      return "";
    }
    return session.namespace();
  }

  private String namespaceOf(Kind kind, GetOptions options) {
    return namespaceOf(kind, options, session);
  }

  /** The objects of a kind, in kubectl's order: by namespace and name; events by when they were last seen. */
  static List<Message> list(Session session, Kind kind, GetOptions options) {
    ListOptions list = new ListOptions(namespaceOf(kind, options, session), options.labelSelector(),
        options.fieldSelector());
    List<Message> items = new ArrayList<>(session.resource(kind).list(list).items());
    items.sort(order(kind));
    return items;
  }

  public static Comparator<Message> order(Kind kind) {
    Comparator<Message> byKey = Comparator.comparing((Message m) -> ApiObjects.meta(m).getNamespace())
        .thenComparing(m -> ApiObjects.meta(m).getName());
    if (kind.equals(Kinds.EVENT)) {
      return Comparator.comparing((Message m) -> lastSeen((Event) m), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(byKey);
    }
    return byKey;
  }

  private static Instant lastSeen(Event e) {
    for (String t : List.of(e.getLastTimestamp(), e.getEventTime(), e.getFirstTimestamp(),
        e.getMetadata().getCreationTimestamp())) {
      Instant i = Age.parse(t);
      if (i != null) {
        return i;
      }
    }
    return null;
  }
}
