package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.client.ApiException;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.flags.DurationConverter;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.ObjectUpdates;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import io.kava.kubectl.rollout.DeploymentReplicaSets;
import io.kava.kubectl.rollout.History;
import io.kava.kubectl.rollout.Revisions;
import io.kava.kubectl.rollout.Rollback;
import io.kava.kubectl.rollout.RolloutWaiter;
import io.kava.kubectl.rollout.SetRevisions;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * `kavactl rollout status|history|undo|restart|pause|resume deploy/NAME`, as `kubectl rollout`; status,
 * history and undo also take statefulsets and daemonsets.
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
    description = "Manage the rollout of a Deployment, StatefulSet or DaemonSet.",
    subcommands = {RolloutCommand.Status.class, RolloutCommand.HistoryCommand.class, RolloutCommand.Undo.class,
        RolloutCommand.Restart.class, RolloutCommand.Pause.class, RolloutCommand.Resume.class})
final class RolloutCommand implements Callable<Integer> {
  /** The kinds with revisions (kubectl's HistoryViewerFor and RollbackerFor): those with status viewers. */
  static final Set<Kind> WITH_HISTORY = RolloutWaiter.VIEWABLE;

  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  /** The Deployment names of `deploy/NAME ...` or `deployment NAME ...`; other kinds have no rollouts here. */
  static List<String> deployments(List<String> args, String what) {
    List<String> names = new ArrayList<>();
    for (Target t : targets(args, what, Set.of(Kinds.DEPLOYMENT))) {
      names.addAll(t.names());
    }
    return names;
  }

  /** The named objects of kinds that have this verb (kubectl's "no history viewer has been implemented"). */
  static List<Target> targets(List<String> args, String what, Set<Kind> kinds) {
    List<Target> targets = ResourceArgs.parse(args, what);
    for (Target t : targets) {
      if (!kinds.contains(t.kind())) {
        throw CliException.error("no " + what + " has been implemented for \"" + ObjectNames.singular(t.kind()) + "\"");
      }
      if (t.names().isEmpty()) {
        throw CliException.error("required resource not specified");
      }
    }
    return targets;
  }

  abstract static class Verb implements Callable<Integer> {
    @ParentCommand
    RolloutCommand rollout;

    @Parameters(paramLabel = "TYPE/NAME", arity = "1..*", description = "deploy/NAME, sts/NAME, ds/NAME, or TYPE NAME")
    List<String> args = List.of();

    Session session() {
      return rollout.root.session();
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the status of the rollout.")
  static final class Status extends Verb {
    @Option(names = {"-w", "--watch"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
        description = "Watch the status of the rollout until it's done")
    boolean watch;

    @Option(names = "--timeout", defaultValue = "0s", converter = DurationConverter.class,
        description = "The length of time to wait before ending watch, zero means never (e.g. 5m)")
    Duration timeout;

    @Option(names = "--revision", defaultValue = "0", description = "Pin to a specific revision (requires --watch)")
    long revision;

    @Override
    public Integer call() {
      if (revision < 0) {
        throw CliException.error("revision must be a positive integer: " + revision);
      }
      // Deployments, StatefulSets and DaemonSets have status viewers (kubectl's StatusViewerFor).
      for (Target t : targets(args, "status viewer", RolloutWaiter.VIEWABLE)) {
        for (String name : t.names()) {
          new RolloutWaiter(session()).await(t.kind(), name, revision, watch, timeout);
        }
      }
      return 0;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true, description = "View rollout history.")
  static final class HistoryCommand extends Verb {
    @Option(names = "--revision", defaultValue = "0", description = "See the details, including pod template, of this revision")
    long revision;

    @Override
    public Integer call() {
      Session session = session();
      for (Target t : targets(args, "history viewer", WITH_HISTORY)) {
        for (String name : t.names()) {
          Message object = ObjectUpdates.get(session, t.kind(), session.namespace(), name);
          String view = History.view(entries(session, object), revision);
          String heading = revision > 0 ? " with revision #" + revision : " ";
          session.out().print(ObjectNames.slashed(t.kind(), name) + heading + "\n" + view + "\n");
        }
      }
      return 0;
    }

    private static List<History.Entry> entries(Session session, Message object) {
      if (object instanceof Deployment d) {
        return History.ofReplicaSets(DeploymentReplicaSets.of(session, d));
      }
      return SetRevisions.entries(SetRevisions.of(session, object));
    }
  }

  @Command(name = "undo", mixinStandardHelpOptions = true, description = "Undo a previous rollout.")
  static final class Undo extends Verb {
    @Option(names = "--to-revision", defaultValue = "0", description = "The revision to roll back to; 0: the last one")
    long toRevision;

    @Override
    public Integer call() {
      Session session = session();
      for (Target t : targets(args, "rollbacker", WITH_HISTORY)) {
        for (String name : t.names()) {
          Message object = ObjectUpdates.get(session, t.kind(), session.namespace(), name);
          Rollback.Plan plan = object instanceof Deployment d
              ? Rollback.plan(d, DeploymentReplicaSets.of(session, d), toRevision)
              : Rollback.planForSet(object, SetRevisions.of(session, object), toRevision);
          if (plan.object() == null) {
            session.out().println(ObjectNames.slashed(t.kind(), name) + " " + plan.skipped());
            continue;
          }
          try {
            session.resource(t.kind()).update(plan.object());
          } catch (ApiException e) {
            throw new CliException(session.describe(e, t.kind(), name));
          }
          session.out().println(ObjectNames.slashed(t.kind(), name) + " rolled back");
        }
      }
      return 0;
    }
  }

  /** Pause, resume and restart: one change to each Deployment, and kubectl's line for it. */
  abstract static class Change extends Verb {
    abstract Deployment change(Deployment d);

    abstract String done();

    abstract String unchanged(String name);

    @Override
    public Integer call() {
      Session session = session();
      for (String name : deployments(args, verb())) {
        UnaryOperator<Message> change = m -> change((Deployment) m);
        ObjectUpdates.Result r = ObjectUpdates.update(session, Kinds.DEPLOYMENT, name, change);
        if (r.changed()) {
          session.out().println(ObjectNames.slashed(Kinds.DEPLOYMENT, name) + " " + done());
        } else {
          session.out().println(unchanged(name));
        }
      }
      return 0;
    }

    String verb() {
      return done();
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Mark the Deployment as paused: template changes are not rolled out until it is resumed.")
  static final class Pause extends Change {
    Deployment change(Deployment d) {
      return d.toBuilder().setSpec(d.getSpec().toBuilder().setPaused(true)).build();
    }

    String done() {
      return "paused";
    }

    String unchanged(String name) {
      return ObjectNames.slashed(Kinds.DEPLOYMENT, name) + " already paused";
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused Deployment.")
  static final class Resume extends Change {
    Deployment change(Deployment d) {
      return d.toBuilder().setSpec(d.getSpec().toBuilder().setPaused(false)).build();
    }

    String done() {
      return "resumed";
    }

    String unchanged(String name) {
      return ObjectNames.slashed(Kinds.DEPLOYMENT, name) + " already resumed";
    }
  }

  @Command(name = "restart", mixinStandardHelpOptions = true,
      description = "Restart a Deployment: a new rollout of the same template (kubectl.kubernetes.io/restartedAt).")
  static final class Restart extends Change {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    Deployment change(Deployment d) {
      if (d.getSpec().getPaused()) {
        throw CliException.error("deployments.apps \"" + d.getMetadata().getName()
            + "\" can't restart paused deployment (run rollout resume first)");
      }
      String now = RFC3339.format(session().clock().instant().truncatedTo(ChronoUnit.SECONDS)
          .atZone(ZoneId.systemDefault()).toOffsetDateTime());
      var template = d.getSpec().getTemplate();
      return d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(template.toBuilder()
          .setMetadata(template.getMetadata().toBuilder().putAnnotations(Revisions.RESTARTED_AT, now)))).build();
    }

    String done() {
      return "restarted";
    }

    @Override
    String verb() {
      return "restarter";
    }

    String unchanged(String name) {
      throw CliException.error("failed to create patch for " + name + ": if restart has already been triggered "
          + "within the past second, please wait before attempting to trigger another");
    }
  }
}
