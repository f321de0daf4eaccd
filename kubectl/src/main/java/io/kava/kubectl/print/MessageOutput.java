package io.kava.kubectl.print;

import com.google.protobuf.Message;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import java.io.PrintStream;
import java.util.List;

/** -o yaml|json of an answer that is no stored kind (a TokenRequest, a SelfSubjectReview): the message as it came. */
public final class MessageOutput {
  private MessageOutput() {}

  /** Refuses any format but yaml and json (null: none given), with kubectl's printer error. */
  public static void check(String format) {
    if (format != null && !List.of("json", "yaml").contains(format)) {
      throw CliException.error("unable to match a printer suitable for the output format \"" + format
          + "\", allowed formats are: json,yaml");
    }
  }

  public static void print(Message message, String format, PrintStream out) {
    var tree = Manifests.toTreeOfMessage(message);
    out.print(format.equals("yaml") ? Manifests.writeYaml(tree) : Manifests.writePrettyJson(tree));
    out.flush();
  }
}
