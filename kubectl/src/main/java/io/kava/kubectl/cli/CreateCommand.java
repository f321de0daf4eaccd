package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Namespace;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import io.kava.kubectl.resource.ObjectNames;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create objects from manifests (-f), or one object from flags (a subcommand).",
    subcommands = {CreateCommand.CreateNamespace.class, CreateServiceCommand.class,
        CreateGeneratedCommands.CreateDeployment.class, CreateGeneratedCommands.CreateConfigMap.class,
        CreateGeneratedCommands.CreateSecret.class, CreateGeneratedCommands.CreateJob.class,
        CreateGeneratedCommands.CreateCronJob.class,
        // authorization (issue 12)
        CreateRbacCommands.CreateRole.class, CreateRbacCommands.CreateClusterRole.class,
        CreateRbacCommands.CreateRoleBinding.class, CreateRbacCommands.CreateClusterRoleBinding.class,
        CreateRbacCommands.CreateServiceAccount.class, CreateTokenCommand.class})
final class CreateCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", description = "Create the objects of these manifests")
  List<String> files = List.of();

  @Mixin
  DryRunFlag dryRun;

  @Override
  public Integer call() {
    if (files.isEmpty()) {
      throw CliException.error("must specify one of -f, or a subcommand such as `create namespace NAME`");
    }
    Session session = root.session();
    List<Message> objects = ManifestObjects.load(ManifestFiles.read(files, session.in()), session.namespace(),
        session.namespaceExplicit(), "create");
    DryRun mode = dryRun.mode(session);
    int exit = 0;
    for (Message object : objects) {
      exit |= create(session, object, mode);
    }
    return exit;
  }

  static int create(Session session, Message object) {
    return create(session, object, DryRun.NONE);
  }

  static int create(Session session, Message object, DryRun dryRun) {
    var kind = Kinds.of(object);
    String name = ApiObjects.meta(object).getName();
    try {
      Message created = dryRun == DryRun.CLIENT ? object : session.resource(kind).create(object, dryRun == DryRun.SERVER);
      session.out().println(ObjectNames.slashed(kind, ApiObjects.meta(created).getName()) + " created" + dryRun.suffix());
      return 0;
    } catch (ApiException e) {
      // NotFound on create is about what the object needs (its namespace), as the server says
      session.err().println(session.describe(e, e.isNotFound() ? null : kind, name));
      return 1;
    }
  }

  @Command(name = "namespace", aliases = "ns", mixinStandardHelpOptions = true, description = "Create a namespace.")
  static final class CreateNamespace implements Callable<Integer> {
    @ParentCommand
    CreateCommand create;

    @Parameters(paramLabel = "NAME", description = "The namespace to create")
    String name;

    @Override
    public Integer call() {
      Namespace ns = Namespace.newBuilder().setApiVersion("v1").setKind("Namespace")
          .setMetadata(ObjectMeta.newBuilder().setName(name)).build();
      return create(create.root.session(), ns);
    }
  }
}
