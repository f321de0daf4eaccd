package io.kava.kubectl.resource;

import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the resource arguments kubectl accepts: `KIND [NAME...]`, `KIND1,KIND2 [NAME...]`, `KIND/NAME...`
 * and `all`. Kinds by any name kubectl takes (po, pods, pod, deploy, deployments.apps).
 */
public final class ResourceArgs {
  /** What `get all` covers (upstream's "all" category, restricted to the kinds Kava serves). */
  // kubectl's "all" category, in its order.
  public static final List<Kind> ALL = List.of(Kinds.POD, Kinds.SERVICE, Kinds.DAEMON_SET, Kinds.DEPLOYMENT,
      Kinds.REPLICA_SET, Kinds.STATEFUL_SET, Kinds.HORIZONTAL_POD_AUTOSCALER, Kinds.CRON_JOB, Kinds.JOB);

  private ResourceArgs() {}

  public static List<Target> parse(List<String> args, String verb) {
    if (args.isEmpty()) {
      throw CliException.error("you must specify the type of resource to " + verb);
    }
    if (args.get(0).contains("/")) {
      return parseSlashed(args);
    }
    List<String> names = args.subList(1, args.size());
    List<Target> targets = new ArrayList<>();
    for (String typeName : args.get(0).split(",")) {
      if (typeName.isBlank()) {
        continue;
      }
      if (typeName.equalsIgnoreCase("all")) {
        ALL.forEach(k -> addUnique(targets, new Target(k, names)));
      } else {
        addUnique(targets, new Target(kind(typeName), names));
      }
    }
    if (targets.isEmpty()) {
      throw CliException.error("you must specify the type of resource to " + verb);
    }
    return targets;
  }

  /** A kind by the name a user typed, or the error kubectl gives for an unknown one. */
  public static Kind kind(String userName) {
    return Kinds.byUserName(userName.strip())
        .orElseThrow(() -> CliException.error("the server doesn't have a resource type \"" + userName.strip() + "\""));
  }

  private static List<Target> parseSlashed(List<String> args) {
    Map<Kind, List<String>> byKind = new LinkedHashMap<>();
    for (String arg : args) {
      int slash = arg.indexOf('/');
      if (slash <= 0 || slash == arg.length() - 1) {
        throw CliException.error("there is no need to specify a resource type as a separate argument when passing "
            + "arguments in resource/name form (e.g. 'kavactl get resource/<resource_name>' instead of "
            + "'kavactl get resource resource/<resource_name>')");
      }
      byKind.computeIfAbsent(kind(arg.substring(0, slash)), k -> new ArrayList<>()).add(arg.substring(slash + 1));
    }
    List<Target> targets = new ArrayList<>();
    byKind.forEach((k, names) -> targets.add(new Target(k, names)));
    return targets;
  }

  private static void addUnique(List<Target> targets, Target t) {
    if (targets.stream().noneMatch(x -> x.kind().equals(t.kind()))) {
      targets.add(t);
    }
  }
}
