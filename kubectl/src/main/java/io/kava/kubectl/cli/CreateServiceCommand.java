package io.kava.kubectl.cli;

import io.kava.api.core.v1.Service;
import io.kava.client.ApiException;
import io.kava.kubectl.CliException;
import io.kava.kubectl.ServerErrors;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.CreateServiceGenerator;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.generate.Exposer;
import io.kava.kubectl.generate.GeneratedOutput;
import io.kava.kubectl.generate.ServiceChecks;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `kavactl create service clusterip|nodeport|loadbalancer|externalname NAME`, as `kubectl create service`. */
@Command(name = "service", aliases = "svc", mixinStandardHelpOptions = true,
    description = "Create a Service using a specified subcommand.",
    subcommands = {CreateServiceCommand.ClusterIp.class, CreateServiceCommand.NodePort.class,
        CreateServiceCommand.LoadBalancer.class, CreateServiceCommand.ExternalName.class})
final class CreateServiceCommand implements Callable<Integer> {
  @ParentCommand
  CreateCommand create;

  @Spec
  CommandSpec spec;

  /** Without a subcommand: the usage on stderr and exit 1, as kubectl's DefaultSubCommandRun. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  /** --dry-run's value; a bare --dry-run is client, with kubectl's deprecation warning. */
  static DryRun dryRun(String value, Session session) {
    if (DryRun.BARE.equals(value)) {
      session.err().println("warning: --dry-run is deprecated and can be replaced with --dry-run=client.");
    }
    return DryRun.parse(value);
  }

  /** The flags every subcommand has. */
  abstract static class Base implements Callable<Integer> {
    @ParentCommand
    CreateServiceCommand parent;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The Service's name")
    String name;

    @Option(names = "--tcp", split = ",", paramLabel = "PORT[:TARGET]",
        description = "Port pairs as <port>:<targetPort>, comma-separated or repeated")
    List<String> tcp = List.of();

    @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
        description = "client: print the Service without sending it; server: the server checks it and stores nothing")
    String dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json or name")
    String output;

    abstract String type();

    String clusterIp() {
      return "";
    }

    int nodePort() {
      return 0;
    }

    String externalName() {
      return "";
    }

    @Override
    public Integer call() {
      Session session = parent.create.root.session();
      DryRun mode = dryRun(dryRun, session);
      GeneratedOutput out = GeneratedOutput.parse(output);
      Service svc = CreateServiceGenerator.generate(name, type(), tcp, clusterIp(), nodePort(), externalName());
      ServiceChecks.check(svc);
      try {
        Exposer.createOrPrint(session, svc, "created", mode, out);
        return 0;
      } catch (ApiException e) {
        // upstream wraps the server's words: "failed to create ClusterIP service: services "x" already exists"
        throw CliException.error("failed to create " + type() + " service: " + ServerErrors.oneLine(e.getMessage()));
      }
    }
  }

  @Command(name = "clusterip", mixinStandardHelpOptions = true, description = "Create a ClusterIP Service.")
  static final class ClusterIp extends Base {
    @Option(names = "--clusterip", description = "Assign your own ClusterIP, or None for a headless Service")
    String clusterIp = "";

    @Override
    String type() {
      return "ClusterIP";
    }

    @Override
    String clusterIp() {
      return clusterIp;
    }
  }

  @Command(name = "nodeport", mixinStandardHelpOptions = true, description = "Create a NodePort Service.")
  static final class NodePort extends Base {
    @Option(names = "--node-port", description = "Port used to expose the Service on each node")
    int nodePort;

    @Override
    String type() {
      return "NodePort";
    }

    @Override
    int nodePort() {
      return nodePort;
    }
  }

  @Command(name = "loadbalancer", mixinStandardHelpOptions = true, description = "Create a LoadBalancer Service.")
  static final class LoadBalancer extends Base {
    @Override
    String type() {
      return "LoadBalancer";
    }
  }

  @Command(name = "externalname", mixinStandardHelpOptions = true, description = "Create an ExternalName Service.")
  static final class ExternalName extends Base {
    @Option(names = "--external-name", required = true, description = "External name of the Service")
    String externalName;

    @Override
    String type() {
      return "ExternalName";
    }

    @Override
    String externalName() {
      return externalName;
    }
  }
}
