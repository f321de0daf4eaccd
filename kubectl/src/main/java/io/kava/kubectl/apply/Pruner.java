package io.kava.kubectl.apply;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.resource.ObjectNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * `apply --prune`: deletes the objects an earlier apply made (they carry the last-applied annotation)
 * that match the selector and are no longer in the manifests, as upstream's pruner. Only the kinds of the
 * allowlist are looked at (upstream's default list, as far as Kava serves those kinds), and namespaced
 * kinds only in the namespaces the manifests used.
 */
public final class Pruner {
  /** Upstream's default prune kinds (kubectl apply's prune.go), the ones Kava serves. */
  public static final List<Kind> DEFAULT_KINDS = List.of(Kinds.CONFIG_MAP, Kinds.ENDPOINTS, Kinds.NAMESPACE, Kinds.POD,
      Kinds.SECRET, Kinds.SERVICE, Kinds.JOB, Kinds.CRON_JOB, Kinds.DEPLOYMENT, Kinds.REPLICA_SET);

  private final Session session;
  private final DryRun dryRun;

  public Pruner(Session session, DryRun dryRun) {
    this.session = session;
    this.dryRun = dryRun;
  }

  /** "core/v1/ConfigMap", "apps/v1/Deployment", as `--prune-allowlist` takes them. */
  public static Kind allowlistEntry(String gvk) {
    String[] parts = gvk.split("/");
    if (parts.length != 3) {
      throw CliException.error("invalid GroupVersionKind format: " + gvk + ", please follow <group/version/kind>");
    }
    String group = parts[0].equals("core") ? "" : parts[0];
    Optional<Kind> kind = Kinds.all().stream()
        .filter(k -> k.kind().equals(parts[2]) && k.group().equals(group)).findFirst();
    return kind.orElseThrow(() -> CliException.error("the server doesn't have a resource type \"" + gvk + "\""));
  }

  public int prune(List<Message> applied, List<Kind> kinds, String selector) {
    Set<String> keep = new LinkedHashSet<>();
    Set<String> namespaces = new LinkedHashSet<>();
    for (Message m : applied) {
      keep.add(key(Kinds.of(m), ApiObjects.meta(m).getNamespace(), ApiObjects.meta(m).getName()));
      if (Kinds.of(m).namespaced()) {
        namespaces.add(ApiObjects.meta(m).getNamespace());
      }
    }
    if (namespaces.isEmpty()) {
      namespaces.add(session.namespace());
    }
    int exit = 0;
    for (Kind kind : kinds) {
      List<String> scopes = kind.namespaced() ? new ArrayList<>(namespaces) : List.of("");
      for (String ns : scopes) {
        for (Message live : session.resource(kind).list(new ListOptions(ns, selector == null ? "" : selector, "")).items()) {
          var meta = ApiObjects.meta(live);
          if (!meta.containsAnnotations(Applier.LAST_APPLIED) || keep.contains(key(kind, meta.getNamespace(), meta.getName()))
              || !meta.getDeletionTimestamp().isEmpty()) {
            continue;
          }
          exit |= delete(kind, meta.getNamespace(), meta.getName());
        }
      }
    }
    return exit;
  }

  private int delete(Kind kind, String ns, String name) {
    try {
      if (dryRun != DryRun.CLIENT) {
        session.resource(kind).delete(ns, name, DeleteOptions.defaults(), dryRun == DryRun.SERVER);
      }
      session.out().println(ObjectNames.slashed(kind, name) + " pruned" + dryRun.suffix());
      return 0;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return 0;
      }
      session.err().println(session.describe(e, kind, name));
      return 1;
    }
  }

  private static String key(Kind kind, String ns, String name) {
    return kind.resource() + "/" + ns + "/" + name;
  }
}
