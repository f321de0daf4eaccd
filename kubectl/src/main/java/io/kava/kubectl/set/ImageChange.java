package io.kava.kubectl.set;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.kubectl.CliException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `set image`'s CONTAINER=IMAGE pairs ("*" for every container) applied to a pod template. */
public final class ImageChange {
  private final Map<String, String> images;

  private ImageChange(Map<String, String> images) {
    this.images = images;
  }

  public static boolean isPair(String arg) {
    return arg.contains("=");
  }

  public static ImageChange parse(List<String> pairs) {
    if (pairs.isEmpty()) {
      throw CliException.error("at least one image update is required");
    }
    Map<String, String> images = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq);
      String image = pair.substring(eq + 1);
      if (name.isEmpty() || image.isEmpty()) {
        throw CliException.error("invalid image update: " + pair + " (expected CONTAINER=IMAGE)");
      }
      images.put(name, image);
    }
    return new ImageChange(images);
  }

  public PodTemplateSpec apply(PodTemplateSpec template) {
    PodSpec spec = template.getSpec();
    PodSpec.Builder b = spec.toBuilder();
    for (Map.Entry<String, String> e : images.entrySet()) {
      boolean found = false;
      for (int i = 0; i < spec.getInitContainersCount(); i++) {
        if (matches(e.getKey(), spec.getInitContainers(i))) {
          b.setInitContainers(i, b.getInitContainers(i).toBuilder().setImage(e.getValue()));
          found = true;
        }
      }
      for (int i = 0; i < spec.getContainersCount(); i++) {
        if (matches(e.getKey(), spec.getContainers(i))) {
          b.setContainers(i, b.getContainers(i).toBuilder().setImage(e.getValue()));
          found = true;
        }
      }
      if (!found) {
        throw CliException.error("unable to find container named \"" + e.getKey() + "\"");
      }
    }
    return template.toBuilder().setSpec(b).build();
  }

  private static boolean matches(String name, Container c) {
    return name.equals("*") || name.equals(c.getName());
  }
}
