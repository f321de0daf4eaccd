package io.kava.kubectl.edit;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.manifest.ManifestFiles;
import io.kava.kubectl.manifest.ManifestObjects;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The live objects a command that changes objects works on, named as kubectl takes them: `KIND NAME...`,
 * `KIND/NAME...`, `-f FILE` (the objects the manifests name), or `KIND` with `--all` or `-l SELECTOR`.
 */
public final class ObjectSelection {
  private ObjectSelection() {}

  /** The resource arguments, files and selection flags of one command line. */
  public record Request(List<String> resources, List<String> files, boolean all, String selector, String verb) {
    public Request {
      resources = List.copyOf(resources);
      files = List.copyOf(files);
    }
  }

  /** A missing object: kubectl reports it and goes on with the others. */
  public record Missing(Kind kind, String name, ApiException error) {}

  /** What was found, and what was named but not found. */
  public record Found(List<Message> objects, List<Missing> missing) {}

  public static Found find(Session session, Request request) {
    boolean bySelector = request.all() || (request.selector() != null && !request.selector().isBlank());
    if (!request.files().isEmpty()) {
      if (!request.resources().isEmpty()) {
        throw CliException.error("when -f is given, no KIND or NAME arguments are allowed");
      }
      List<Message> manifests = ManifestObjects.load(ManifestFiles.read(request.files(), session.in()),
          session.namespace(), session.namespaceExplicit(), request.verb());
      List<Message> objects = new ArrayList<>();
      List<Missing> missing = new ArrayList<>();
      for (Message m : manifests) {
        get(session, Kinds.of(m), ApiObjects.meta(m).getNamespace(), ApiObjects.meta(m).getName(), objects, missing);
      }
      return new Found(objects, missing);
    }
    List<Target> targets = ResourceArgs.parse(request.resources(), request.verb());
    List<Message> objects = new ArrayList<>();
    List<Missing> missing = new ArrayList<>();
    for (Target t : targets) {
      String ns = t.kind().namespaced() ? session.namespace() : "";
      if (t.names().isEmpty()) {
        if (!bySelector) {
          throw CliException.error("resource(s) were provided, but no name was specified");
        }
        String selector = request.selector() == null ? "" : request.selector();
        objects.addAll(session.resource(t.kind()).list(new ListOptions(ns, selector, "")).items());
      } else {
        if (bySelector) {
          throw CliException.error("cannot specify both names and " + (request.all() ? "--all" : "a label selector"));
        }
        for (String name : t.names()) {
          get(session, t.kind(), ns, name, objects, missing);
        }
      }
    }
    return new Found(objects, missing);
  }

  private static void get(Session session, Kind kind, String ns, String name, List<Message> objects, List<Missing> missing) {
    try {
      objects.add(session.resource(kind).get(ns, name));
    } catch (ApiException e) {
      if (!e.isNotFound()) {
        throw e;
      }
      missing.add(new Missing(kind, name, e));
    }
  }

  /** Prints kubectl's line for each missing object; returns 1 if there was any. */
  public static int reportMissing(Session session, Found found) {
    for (Missing m : found.missing()) {
      session.err().println(session.describe(m.error(), m.kind(), m.name()));
    }
    return found.missing().isEmpty() ? 0 : 1;
  }
}
