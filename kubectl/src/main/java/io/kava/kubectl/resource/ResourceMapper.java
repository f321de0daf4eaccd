package io.kava.kubectl.resource;

import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * kubectl's RESTMapper for the resource names of `auth can-i` and `create role`: a plural, singular or
 * short name, optionally in a group ("rs" with group "apps"), to the group and plural resource the server
 * authorizes. Besides every kind, the resources served by RPCs of their own (the access reviews).
 */
public final class ResourceMapper {
  /** A resource as authorization names it. */
  public record GroupResource(String group, String resource, boolean namespaced) {}

  private record Entry(GroupResource resource, String singular, List<String> shortNames) {}

  private static final List<Entry> ENTRIES = entries();

  private ResourceMapper() {}

  private static List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (Kind k : Kinds.all()) {
      all.add(new Entry(new GroupResource(k.group(), k.resource(), k.namespaced()), k.kind().toLowerCase(Locale.ROOT),
          k.shortNames()));
    }
    for (String review : List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews")) {
      all.add(new Entry(new GroupResource("authorization.k8s.io", review, false), review.substring(0, review.length() - 1),
          List.of()));
    }
    all.add(new Entry(new GroupResource("authentication.k8s.io", "selfsubjectreviews", false), "selfsubjectreview",
        List.of()));
    return all;
  }

  /** The resource of this name, in this group when group is not null. */
  public static Optional<GroupResource> find(String name, String group) {
    String n = name.toLowerCase(Locale.ROOT);
    return ENTRIES.stream()
        .filter(e -> group == null || e.resource().group().equals(group))
        .filter(e -> e.resource().resource().equals(n) || e.singular().equals(n) || e.shortNames().contains(n))
        .map(Entry::resource).findFirst();
  }

  /**
   * `resource.group` (or `resource.version.group`) as kubectl's ParseResourceArg reads it; empty when
   * nothing matches.
   */
  public static Optional<GroupResource> parse(String arg) {
    String a = arg.toLowerCase(Locale.ROOT);
    int dot = a.indexOf('.');
    if (dot < 0) {
      return find(a, null);
    }
    String resource = a.substring(0, dot);
    String rest = a.substring(dot + 1);
    int second = rest.indexOf('.');
    if (second >= 0) {
      Optional<GroupResource> versioned = find(resource, rest.substring(second + 1));
      if (versioned.isPresent()) {
        return versioned;
      }
    }
    return find(resource, rest);
  }
}
