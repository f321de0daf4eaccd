package io.kava.kubectl.resource;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.util.Locale;

/** How kubectl names objects in its output: `deployment.apps/nginx`, `deployment.apps "nginx" deleted`. */
public final class ObjectNames {
  private ObjectNames() {}

  /** "deployment.apps", "pod", "lease.coordination.k8s.io". */
  public static String singular(Kind kind) {
    String k = kind.kind().toLowerCase(Locale.ROOT);
    return kind.group().isEmpty() ? k : k + "." + kind.group();
  }

  public static String slashed(Kind kind, String name) {
    return singular(kind) + "/" + name;
  }

  public static String slashed(Message object) {
    return slashed(Kinds.of(object), ApiObjects.meta(object).getName());
  }

  /** `deployment.apps "nginx"`, as delete prints it. */
  public static String quoted(Kind kind, String name) {
    return singular(kind) + " \"" + name + "\"";
  }
}
