package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.ConfigDataGenerator;
import io.kava.kubectl.generate.DataSources;
import io.kava.kubectl.generate.DeploymentGenerator;
import io.kava.kubectl.generate.JobGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `create deployment`, `create configmap` and `create secret generic|tls|docker-registry`, as kubectl's. */
final class CreateGeneratedCommands {
  private CreateGeneratedCommands() {}

  @Command(name = "deployment", aliases = "deploy", mixinStandardHelpOptions = true,
      description = "Create a Deployment with the specified name: create deployment NAME --image=IMAGE [-- COMMAND ARGS...].")
  static final class CreateDeployment extends GeneratedCreate {
    @ParentCommand
    CreateCommand create;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The container's command, after --")
    List<String> command = List.of();

    @Option(names = "--image", required = true, description = "Image names to run; repeat for several containers")
    List<String> images = List.of();

    @Option(names = {"-r", "--replicas"}, defaultValue = "1", description = "Number of replicas to create")
    int replicas;

    @Option(names = "--port", defaultValue = "-1", description = "The containerPort of the first container")
    int port;

    Session session() {
      return create.root.session();
    }

    Message generate(Session session) {
      return DeploymentGenerator.generate(name, images, replicas, port, command);
    }

    String what() {
      return "deployment";
    }
  }

  @Command(name = "job", mixinStandardHelpOptions = true,
      description = "Create a Job: create job NAME --image=IMAGE [-- COMMAND ARGS...], or --from=cronjob/NAME.")
  static final class CreateJob extends GeneratedCreate {
    @ParentCommand
    CreateCommand create;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The container's command, after --")
    List<String> command = List.of();

    @Option(names = "--image", description = "Image name to run")
    String image = "";

    @Option(names = "--from", paramLabel = "cronjob/NAME", description = "The CronJob to create a Job from")
    String from = "";

    Session session() {
      return create.root.session();
    }

    Message generate(Session session) {
      if (image.isEmpty() == from.isEmpty()) {
        throw CliException.error("either --image or --from must be specified");
      }
      if (!command.isEmpty() && !from.isEmpty()) {
        throw CliException.error("cannot specify --from and command");
      }
      if (from.isEmpty()) {
        return JobGenerator.job(name, image, command);
      }
      int slash = from.indexOf('/');
      var kind = slash < 0 ? java.util.Optional.<io.kava.client.Kind>empty()
          : io.kava.client.Kinds.byUserName(from.substring(0, slash));
      if (kind.isEmpty() || kind.get() != io.kava.client.Kinds.CRON_JOB) {
        throw CliException.error("from must be an existing cronjob: " + from);
      }
      String cronJobName = from.substring(slash + 1);
      try {
        return JobGenerator.fromCronJob(name, (io.kava.api.batch.v1.CronJob) session.resource(kind.get())
            .get(session.namespace(), cronJobName));
      } catch (io.kava.client.ApiException e) {
        throw new CliException(session.describe(e, kind.get(), cronJobName));
      }
    }

    String what() {
      return "job";
    }
  }

  @Command(name = "cronjob", aliases = "cj", mixinStandardHelpOptions = true,
      description = "Create a CronJob: create cronjob NAME --image=IMAGE --schedule='0/5 * * * ?' [-- COMMAND ARGS...].")
  static final class CreateCronJob extends GeneratedCreate {
    @ParentCommand
    CreateCommand create;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The container's command, after --")
    List<String> command = List.of();

    @Option(names = "--image", description = "Image name to run")
    String image = "";

    @Option(names = "--schedule", description = "A schedule in the Cron format the job should be run with")
    String schedule = "";

    @Option(names = "--restart", defaultValue = "OnFailure", description = "The job's restart policy: OnFailure or Never")
    String restart;

    Session session() {
      return create.root.session();
    }

    Message generate(Session session) {
      return JobGenerator.cronJob(name, image, schedule, restart, command);
    }

    String what() {
      return "cronjob";
    }
  }

  /** --from-literal, --from-file and --from-env-file, shared by configmap and secret generic. */
  abstract static class DataCreate extends GeneratedCreate {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--from-literal", paramLabel = "KEY=VALUE", description = "A key and literal value to insert")
    List<String> literals = List.of();

    @Option(names = "--from-file", paramLabel = "[KEY=]PATH", description = "A file (key: its name, or KEY), or every file of a directory")
    List<String> files = List.of();

    @Option(names = "--from-env-file", paramLabel = "PATH", description = "KEY=VALUE lines of an env file")
    List<String> envFiles = List.of();

    DataSources sources(Session session, String kind) {
      if (!envFiles.isEmpty() && (!literals.isEmpty() || !files.isEmpty())) {
        throw CliException.error("from-env-file cannot be combined with from-file or from-literal");
      }
      return new DataSources(kind, name, session.envLookup()).files(files).literals(literals).envFiles(envFiles);
    }
  }

  @Command(name = "configmap", aliases = "cm", mixinStandardHelpOptions = true,
      description = "Create a ConfigMap from literals, files, directories or env files.")
  static final class CreateConfigMap extends DataCreate {
    @ParentCommand
    CreateCommand create;

    Session session() {
      return create.root.session();
    }

    Message generate(Session session) {
      return ConfigDataGenerator.configMap(name, sources(session, "ConfigMap").data());
    }

    String what() {
      return "configmap";
    }
  }

  @Command(name = "secret", mixinStandardHelpOptions = true, description = "Create a Secret using a specified subcommand.",
      subcommands = {CreateSecretGeneric.class, CreateSecretTls.class, CreateSecretDockerRegistry.class})
  static final class CreateSecret implements Callable<Integer> {
    @ParentCommand
    CreateCommand create;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return 1;
    }
  }

  @Command(name = "generic", mixinStandardHelpOptions = true, description = "Create a Secret from literals, files or env files.")
  static final class CreateSecretGeneric extends DataCreate {
    @ParentCommand
    CreateSecret secret;

    @Option(names = "--type", description = "The type of secret to create")
    String type;

    Session session() {
      return secret.create.root.session();
    }

    Message generate(Session session) {
      return ConfigDataGenerator.secret(name, type, sources(session, "Secret").data());
    }

    String what() {
      return "secret";
    }
  }

  @Command(name = "tls", mixinStandardHelpOptions = true, description = "Create a TLS Secret from a certificate and key file.")
  static final class CreateSecretTls extends GeneratedCreate {
    @ParentCommand
    CreateSecret secret;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--cert", required = true, description = "Path to PEM encoded public key certificate")
    Path cert;

    @Option(names = "--key", required = true, description = "Path to private key associated with given certificate")
    Path key;

    Session session() {
      return secret.create.root.session();
    }

    Message generate(Session session) {
      return ConfigDataGenerator.tls(name, read(cert), read(key));
    }

    private static byte[] read(Path p) {
      try {
        return Files.readAllBytes(p);
      } catch (IOException e) {
        throw CliException.error("open " + p + ": no such file or directory");
      }
    }

    String what() {
      return "secret";
    }
  }

  @Command(name = "docker-registry", mixinStandardHelpOptions = true,
      description = "Create a Secret for use with a Docker registry (.dockerconfigjson).")
  static final class CreateSecretDockerRegistry extends GeneratedCreate {
    @ParentCommand
    CreateSecret secret;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--docker-server", defaultValue = "https://index.docker.io/v1/", description = "Server location for Docker registry")
    String server;

    @Option(names = "--docker-username", description = "Username for Docker registry authentication")
    String username;

    @Option(names = "--docker-password", description = "Password for Docker registry authentication")
    String password;

    @Option(names = "--docker-email", description = "Email for Docker registry")
    String email;

    Session session() {
      return secret.create.root.session();
    }

    Message generate(Session session) {
      return ConfigDataGenerator.dockerRegistry(name, server, username, password, email);
    }

    String what() {
      return "secret";
    }
  }
}
