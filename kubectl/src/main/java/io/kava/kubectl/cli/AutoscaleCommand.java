package io.kava.kubectl.cli;

import io.kava.api.autoscaling.v2.CrossVersionObjectReference;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.kava.api.autoscaling.v2.MetricSpec;
import io.kava.api.autoscaling.v2.MetricTarget;
import io.kava.api.autoscaling.v2.ResourceMetricSource;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.Kinds;
import io.kava.client.autoscaling.HpaRules;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * `kavactl autoscale deployment NAME --max N [--min N] [--cpu-percent P]`, as kubectl autoscale: creates
 * an autoscaling/v2 HorizontalPodAutoscaler of the same name targeting the object.
 */
@Command(name = "autoscale", mixinStandardHelpOptions = true,
    description = "Auto-scale a Deployment, ReplicaSet or StatefulSet.")
final class AutoscaleCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND NAME | KIND/NAME", arity = "1..2")
  List<String> args = List.of();

  @Option(names = "--max", defaultValue = "-1", description = "The upper limit for the number of pods. Required.")
  int max;

  @Option(names = "--min", defaultValue = "-1",
      description = "The lower limit for the number of pods. If not specified or negative, the server applies a default value.")
  int min;

  @Option(names = "--cpu-percent", defaultValue = "-1",
      description = "The target average CPU utilization (represented as a percent of requested CPU) over all the pods."
          + " If it's not specified or negative, a default autoscaling policy will be used.")
  int cpuPercent;

  @Option(names = "--name", defaultValue = "", description = "The name for the newly created object (default: the target's)")
  String name;

  @Override
  public Integer call() {
    if (max < 1) {
      throw CliException.error("--max=MAXPODS is required and must be at least 1, max: " + max);
    }
    if (min > max) {
      throw CliException.error("--max=MAXPODS must be larger or equal to --min=MINPODS, max: " + max + ", min: " + min);
    }
    List<Target> targets = ResourceArgs.parse(args, "autoscale");
    if (targets.size() != 1 || targets.get(0).names().size() != 1) {
      throw CliException.error("exactly one resource to autoscale must be specified (e.g. deployment/web)");
    }
    Target target = targets.get(0);
    if (!ScaleCommand.SCALABLE.contains(target.kind())) {
      throw CliException.error("cannot autoscale a " + target.kind().kind() + ": it has no scale subresource");
    }
    Session session = root.session();
    String targetName = target.names().get(0);
    session.resource(target.kind()).get(session.namespace(), targetName);
    HorizontalPodAutoscalerSpec.Builder spec = HorizontalPodAutoscalerSpec.newBuilder()
        .setScaleTargetRef(CrossVersionObjectReference.newBuilder().setApiVersion(target.kind().apiVersion())
            .setKind(target.kind().kind()).setName(targetName))
        .setMaxReplicas(max);
    if (min >= 0) {
      spec.setMinReplicas(min);
    }
    if (cpuPercent >= 0) {
      spec.addMetrics(MetricSpec.newBuilder().setType(HpaRules.RESOURCE).setResource(ResourceMetricSource.newBuilder()
          .setName("cpu").setTarget(MetricTarget.newBuilder().setType(HpaRules.UTILIZATION)
              .setAverageUtilization(cpuPercent))));
    }
    String hpaName = name.isEmpty() ? targetName : name;
    HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.newBuilder()
        .setApiVersion(Kinds.HORIZONTAL_POD_AUTOSCALER.apiVersion()).setKind(Kinds.HORIZONTAL_POD_AUTOSCALER.kind())
        .setMetadata(ObjectMeta.newBuilder().setName(hpaName).setNamespace(session.namespace()))
        .setSpec(spec).build();
    session.resource(Kinds.HORIZONTAL_POD_AUTOSCALER).create(hpa);
    session.out().println(ObjectNames.slashed(Kinds.HORIZONTAL_POD_AUTOSCALER, hpaName) + " autoscaled");
    return 0;
  }
}
