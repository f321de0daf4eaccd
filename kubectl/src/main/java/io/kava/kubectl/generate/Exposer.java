package io.kava.kubectl.generate;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * `kavactl expose KIND NAME` (or `KIND/NAME`): reads the object, builds its Service with
 * {@link ExposeGenerator}, checks it, and prints it (client dry run) or creates it.
 */
public final class Exposer {
  private final Session session;

  public Exposer(Session session) {
    this.session = session;
  }

  /**
   * Returns the exit code. Every object is read and its Service built and checked before any is
   * created. Objects of -f files are taken as written there, as upstream's expose does.
   */
  public int expose(List<String> args, List<String> files, ExposeOptions options, DryRun dryRun,
      GeneratedOutput output) {
    if (args.isEmpty() && files.isEmpty()) {
      throw CliException.error("You must provide one or more resources by argument or filename.");
    }
    List<Service> services = new ArrayList<>();
    if (!files.isEmpty()) {
      if (!args.isEmpty()) {
        throw CliException.error("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well");
      }
      for (Message object : ManifestObjects.load(ManifestFiles.read(files, session.in()), session.namespace(),
          session.namespaceExplicit(), "expose")) {
        Service svc = ExposeGenerator.generate(Kinds.of(object), object, options);
        ServiceChecks.check(svc);
        services.add(svc);
      }
      return createAll(services, dryRun, output);
    }
    List<Target> targets = ResourceArgs.parse(args, "expose");
    if (targets.stream().anyMatch(t -> t.names().isEmpty())) {
      throw CliException.error("resource(s) were provided, but no name was specified");
    }
    String namespace = session.namespace();
    for (Target t : targets) {
      for (String name : t.names()) {
        Message object;
        try {
          object = session.resource(t.kind()).get(t.kind().namespaced() ? namespace : "", name);
        } catch (ApiException e) {
          throw new CliException(session.describe(e, t.kind(), name));
        }
        Service svc = ExposeGenerator.generate(t.kind(), object, options);
        ServiceChecks.check(svc);
        services.add(svc);
      }
    }
    return createAll(services, dryRun, output);
  }

  private int createAll(List<Service> services, DryRun dryRun, GeneratedOutput output) {
    int exit = 0;
    for (Service svc : services) {
      try {
        createOrPrint(session, svc, "exposed", dryRun, output);
      } catch (ApiException e) {
        session.err().println(session.describe(e, Kinds.SERVICE, svc.getMetadata().getName()));
        exit = 1;
      }
    }
    return exit;
  }

  /**
   * Prints a client dry run's object as built (with its namespace only when -n was given, as kubectl);
   * otherwise creates it in the namespace and prints what the server returned. A refused create is
   * thrown for the caller to word.
   */
  public static void createOrPrint(Session session, Message object, String verb, DryRun dryRun, GeneratedOutput output) {
    ObjectMeta meta = ApiObjects.meta(object);
    boolean namespaced = Kinds.of(object).namespaced();
    if (dryRun == DryRun.CLIENT) {
      Message shown = session.namespaceExplicit() && namespaced
          ? ApiObjects.withMeta(object, meta.toBuilder().setNamespace(session.namespace()).build()) : object;
      output.print(shown, verb, dryRun, session.out());
      return;
    }
    Message toCreate = namespaced ? ApiObjects.withMeta(object, meta.toBuilder().setNamespace(session.namespace()).build())
        : object;
    Message created = session.resource(Kinds.of(object)).create(toCreate, dryRun == DryRun.SERVER);
    output.print(created, verb, dryRun, session.out());
  }
}
