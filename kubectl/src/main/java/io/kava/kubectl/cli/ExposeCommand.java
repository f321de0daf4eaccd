package io.kava.kubectl.cli;

import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.generate.ExposeOptions;
import io.kava.kubectl.generate.Exposer;
import io.kava.kubectl.generate.GeneratedOutput;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "expose", mixinStandardHelpOptions = true,
    description = "Take a deployment, replica set, pod or service and expose it as a new Service: "
        + "expose (-f FILE | KIND NAME | KIND/NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] "
        + "[--name=name] [--external-ip=external-ip-of-service] [--type=type]")
final class ExposeCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND NAME", arity = "0..*", description = "deployment, rs, pod or svc, and a name")
  List<String> args = List.of();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Expose the objects of these manifests (as written there; the server is not read)")
  List<String> files = List.of();

  @Option(names = "--port", description = "The port the Service serves on; copied from the object if unset")
  String port;

  @Option(names = "--target-port", description = "Name or number of the container port traffic goes to")
  String targetPort;

  @Option(names = "--type", description = "ClusterIP, NodePort, LoadBalancer or ExternalName (default ClusterIP)")
  String type;

  @Option(names = "--name", description = "The name of the new Service (default: the object's name)")
  String name;

  @Option(names = "--protocol", description = "TCP, UDP or SCTP (default: the container port's, else TCP)")
  String protocol;

  @Option(names = "--selector", description = "Equality selector (a=1,b=2); default: the object's")
  String selector;

  @Option(names = "--cluster-ip", description = "The ClusterIP to ask for; None for a headless Service")
  String clusterIp;

  @Option(names = "--external-ip", description = "An external IP the Service also accepts traffic on")
  String externalIp;

  @Option(names = {"-l", "--labels"}, description = "Labels of the Service (default: the object's labels)")
  String labels;

  @Option(names = "--session-affinity", description = "None or ClientIP")
  String sessionAffinity;

  @Option(names = "--load-balancer-ip", description = "IP to ask for with --type=LoadBalancer")
  String loadBalancerIp;

  @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
      description = "client: print the Service without sending it; server: the server checks it and stores nothing")
  String dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json or name")
  String output;

  @Override
  public Integer call() {
    Session session = root.session();
    DryRun mode = CreateServiceCommand.dryRun(dryRun, session);
    GeneratedOutput out = GeneratedOutput.parse(output);
    ExposeOptions options = new ExposeOptions(port, targetPort, type, name, protocol, selector, clusterIp, externalIp,
        labels, sessionAffinity, loadBalancerIp);
    return new Exposer(session).expose(args, files, options, mode, out);
  }
}
