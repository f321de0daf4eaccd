package io.kava.kubectl.edit;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.patch.PatchType;
import io.kava.client.patch.Patches;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.generate.GeneratedOutput;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** `kavactl label` and `kavactl annotate`: one merge patch of metadata.labels (or annotations) per object. */
public final class MetadataMapCommand {
  /** The flags both commands share. */
  public record Options(MetadataMapEdit.Field field, boolean overwrite, boolean list, String resourceVersion,
      DryRun dryRun, GeneratedOutput output) {}

  private final Session session;
  private final Options options;

  public MetadataMapCommand(Session session, Options options) {
    this.session = session;
    this.options = options;
  }

  public int run(List<String> args, List<String> files, boolean all, String selector) {
    MetadataMapEdit.Split split = MetadataMapEdit.split(args, options.field());
    MetadataMapEdit edit = MetadataMapEdit.parse(split.pairs(), options.field());
    if (edit.isEmpty() && !options.list()) {
      throw CliException.error("at least one " + options.field().noun + " update is required");
    }
    ObjectSelection.Found found = ObjectSelection.find(session,
        new ObjectSelection.Request(split.resources(), files, all, selector, options.field().noun));
    if (options.resourceVersion() != null && found.objects().size() + found.missing().size() > 1) {
      throw CliException.error("--resource-version may only be used with a single resource");
    }
    int exit = 0;
    for (Message object : found.objects()) {
      exit |= options.list() && edit.isEmpty() ? list(object, found.objects().size() > 1) : change(object, edit);
    }
    return exit | ObjectSelection.reportMissing(session, found);
  }

  private int list(Message object, boolean header) {
    if (header) {
      Kind kind = Kinds.of(object);
      session.out().println("Listing " + options.field().jsonName + " for " + kind.kind() + "."
          + (kind.group().isEmpty() ? "v1" : kind.group()) + " " + ApiObjects.meta(object).getNamespace() + "/"
          + ApiObjects.meta(object).getName() + ":");
    }
    new TreeMap<>(map(object)).forEach((k, v) -> session.out().println(k + "=" + v));
    return 0;
  }

  private int change(Message object, MetadataMapEdit edit) {
    Kind kind = Kinds.of(object);
    String name = ApiObjects.meta(object).getName();
    Map<String, String> before = map(object);
    Map<String, String> after = edit.applyTo(before, options.overwrite());
    for (String key : edit.missing(before)) {
      session.err().println(options.field().noun + " \"" + key + "\" not found.");
    }
    String verbed = options.field().verbed();
    String patch = edit.mergePatch(before, after, options.resourceVersion()).toString();
    Message result;
    if (after.equals(new TreeMap<>(before)) && options.resourceVersion() == null) {
      result = object;
      if (options.field() == MetadataMapEdit.Field.LABELS) {
        verbed = "not labeled";
      }
    } else if (options.dryRun() == DryRun.CLIENT) {
      result = Patches.apply(object, PatchType.MERGE, patch);
    } else {
      try {
        result = session.resource(kind).patch(ApiObjects.meta(object).getNamespace(), name, PatchType.MERGE, patch,
            options.dryRun() == DryRun.SERVER);
      } catch (ApiException e) {
        session.err().println(session.describe(e, kind, name));
        return 1;
      }
    }
    options.output().printChanged(result, verbed, options.dryRun(), session.out());
    return 0;
  }

  private Map<String, String> map(Message object) {
    var meta = ApiObjects.meta(object);
    return options.field() == MetadataMapEdit.Field.LABELS ? meta.getLabelsMap() : meta.getAnnotationsMap();
  }

}
