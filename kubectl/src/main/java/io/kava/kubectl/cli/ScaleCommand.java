package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.api.autoscaling.v1.Scale;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * `kavactl scale deploy|rs NAME --replicas N`, through the scale subresource as kubectl. With
 * --current-replicas or --resource-version the Scale read must match, and its resourceVersion guards
 * the write, so nothing changes when another writer came first.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = "Set a new size for a Deployment or ReplicaSet.")
final class ScaleCommand implements Callable<Integer> {
  /** The kinds with a scale subresource. */
  static final Set<Kind> SCALABLE = Set.of(Kinds.DEPLOYMENT, Kinds.REPLICA_SET, Kinds.STATEFUL_SET);

  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND [NAME...] | KIND/NAME...", arity = "0..*")
  List<String> args = List.of();

  @Option(names = "--replicas", defaultValue = "-1", description = "The new desired number of replicas. Required.")
  int replicas;

  @Option(names = "--current-replicas", defaultValue = "-1",
      description = "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.")
  int currentReplicas;

  @Option(names = "--resource-version", defaultValue = "",
      description = "Precondition for resource version. Requires that the current resource version match this value in order to scale.")
  String resourceVersion;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Scale the objects matching these labels")
  String selector;

  @Option(names = "--all", description = "Select all resources of the kind in the namespace")
  boolean all;

  @Override
  public Integer call() {
    if (replicas < 0) {
      throw CliException.error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    Session session = root.session();
    List<Target> targets = ResourceArgs.parse(args, "scale");
    boolean named = targets.stream().anyMatch(t -> !t.names().isEmpty());
    if ((all || selector != null) && named) {
      throw CliException.error("names cannot be provided when a selector or --all is specified");
    }
    if (!named && !all && selector == null) {
      throw CliException.error("resource(s) were provided, but no name was specified");
    }
    List<String[]> objects = new ArrayList<>();
    for (Target t : targets) {
      if (!SCALABLE.contains(t.kind())) {
        throw CliException.error("cannot scale " + ObjectNames.singular(t.kind()) + ": it has no scale subresource");
      }
      if (named) {
        t.names().forEach(n -> objects.add(new String[] {t.kind().resource(), n}));
      } else {
        for (Message m : session.resource(t.kind()).list(new ListOptions(session.namespace(),
            selector == null ? "" : selector, "")).items()) {
          objects.add(new String[] {t.kind().resource(), ApiObjects.meta(m).getName()});
        }
      }
    }
    if (objects.isEmpty()) {
      throw CliException.error("no objects passed to scale");
    }
    if (objects.size() > 1 && (currentReplicas >= 0 || !resourceVersion.isEmpty())) {
      throw CliException.error("cannot use --resource-version with multiple resources");
    }
    for (String[] o : objects) {
      scale(session, Kinds.byResource(o[0]).orElseThrow(), o[1]);
    }
    return 0;
  }

  private void scale(Session session, Kind kind, String name) {
    try {
      Scale scale = session.resource(kind).getScale(session.namespace(), name);
      boolean guarded = currentReplicas >= 0 || !resourceVersion.isEmpty();
      if (currentReplicas >= 0 && currentReplicas != scale.getSpec().getReplicas()) {
        throw CliException.error("Expected replicas to be " + currentReplicas + ", was " + scale.getSpec().getReplicas());
      }
      if (!resourceVersion.isEmpty() && !resourceVersion.equals(scale.getMetadata().getResourceVersion())) {
        throw CliException.error("Expected resource version to be " + resourceVersion + ", was "
            + scale.getMetadata().getResourceVersion());
      }
      Scale.Builder wanted = scale.toBuilder().setSpec(scale.getSpec().toBuilder().setReplicas(replicas));
      if (!guarded) {
        wanted.getMetadataBuilder().clearResourceVersion();
      }
      session.resource(kind).updateScale(wanted.build());
      session.out().println(ObjectNames.slashed(kind, name) + " scaled");
    } catch (ApiException e) {
      throw new CliException(session.describe(e, kind, name));
    }
  }
}
