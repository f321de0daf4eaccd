package io.kava.kubectl.edit;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.patch.PatchException;
import io.kava.client.patch.PatchType;
import io.kava.client.patch.Patches;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.generate.GeneratedOutput;

/**
 * `kavactl patch`: sends the patch to the server (which applies it to the latest version), and prints
 * kubectl's "deployment.apps/x patched" or "patched (no change)". A client dry run applies it here.
 */
public final class Patching {
  private final Session session;
  private final PatchType type;
  private final String patch;
  private final DryRun dryRun;
  private final GeneratedOutput output;

  public Patching(Session session, PatchType type, String patch, DryRun dryRun, GeneratedOutput output) {
    this.session = session;
    this.type = type;
    this.patch = patch;
    this.dryRun = dryRun;
    this.output = output;
    try {
      Patches.parse(patch); // a malformed patch is the user's mistake: say so before anything is read
    } catch (PatchException e) {
      throw CliException.error(e.getMessage());
    }
  }

  public int patch(Message live) {
    Kind kind = Kinds.of(live);
    String name = ApiObjects.meta(live).getName();
    Message result;
    try {
      result = dryRun == DryRun.CLIENT ? Patches.apply(live, type, patch)
          : session.resource(kind).patch(ApiObjects.meta(live).getNamespace(), name, type, patch, dryRun == DryRun.SERVER);
    } catch (PatchException e) {
      throw CliException.error(e.getMessage());
    } catch (ApiException e) {
      session.err().println(session.describe(e, kind, name));
      return 1;
    }
    output.printChanged(result, unchanged(live, result) ? "patched (no change)" : "patched", dryRun, session.out());
    return 0;
  }

  /** The server returns the stored object unchanged (same revision) when the patch changes nothing. */
  private boolean unchanged(Message live, Message result) {
    if (dryRun == DryRun.NONE) {
      return ApiObjects.meta(result).getResourceVersion().equals(ApiObjects.meta(live).getResourceVersion());
    }
    return ApiObjects.withMeta(result, ApiObjects.meta(live)).equals(live)
        && ApiObjects.meta(result).toBuilder().setGeneration(ApiObjects.meta(live).getGeneration()).build()
            .equals(ApiObjects.meta(live));
  }
}
