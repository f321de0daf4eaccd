package io.kava.kubectl.version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.StatusRuntimeException;
import io.kava.api.v1.ApiGrpc;
import io.kava.api.v1.VersionInfo;
import io.kava.api.v1.VersionRequest;
import io.kava.client.ApiException;
import io.kava.client.codec.Manifests;
import io.kava.client.version.KavaVersion;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import java.util.concurrent.TimeUnit;

/**
 * `kavactl version [--client] [-o yaml|json]`: "Client Version: v0.1.0" and "Server Version: ..." (the
 * API server's Version RPC), or both as clientVersion/serverVersion objects, as kubectl prints them.
 */
public final class VersionPrinter {
  private final Session session;

  public VersionPrinter(Session session) {
    this.session = session;
  }

  public int print(boolean clientOnly, String output) {
    String format = output == null ? "" : output;
    if (!format.isEmpty() && !format.equals("yaml") && !format.equals("json")) {
      throw CliException.error("--output must be 'yaml' or 'json'");
    }
    VersionInfo client = KavaVersion.info();
    VersionInfo server = null;
    ApiException failure = null;
    if (!clientOnly) {
      try {
        server = ApiGrpc.newBlockingStub(session.client().channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
            .version(VersionRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        failure = ApiException.from(e);
      }
    }
    if (format.isEmpty()) {
      session.out().println("Client Version: " + client.getGitVersion());
      if (server != null) {
        session.out().println("Server Version: " + server.getGitVersion());
      }
    } else {
      ObjectNode tree = JsonNodeFactory.instance.objectNode();
      tree.set("clientVersion", Manifests.toTreeOfMessage(client));
      if (server != null) {
        tree.set("serverVersion", Manifests.toTreeOfMessage(server));
      }
      session.out().print(format.equals("yaml") ? Manifests.writeYaml(tree) : Manifests.writePrettyJson(tree));
    }
    session.out().flush();
    if (failure != null) {
      session.err().println(failure.code() == io.grpc.Status.Code.UNIMPLEMENTED
          ? "error: the server at " + session.server() + " does not report its version (it predates the Version RPC)"
          : session.describe(failure, null, null));
      return 1;
    }
    return 0;
  }
}
