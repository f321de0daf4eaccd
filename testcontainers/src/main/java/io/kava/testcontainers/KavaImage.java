package io.kava.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The cluster image: which one this build of the module goes with, and a clear error when it is missing. */
public final class KavaImage {
  /** kava/kava:&lt;this module's version&gt;, built by deploy/images/kava/build.sh. */
  public static final String DEFAULT = load();

  private KavaImage() {}

  private static String load() {
    Properties properties = new Properties();
    try (InputStream in = KavaImage.class.getResourceAsStream("kava-testcontainers.properties")) {
      if (in == null) {
        return "kava/kava:latest";
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("image", "kava/kava:latest");
  }

  /**
   * There is no registry to pull kava/kava from: it is built locally. Fails with how to build it rather
   * than with a pull error.
   */
  static void requirePresent(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new KavaException("The image " + image + " is not in the local Docker engine; build it with "
          + "deploy/images/kava/build.sh in a Kava checkout (mvn install does, before the testcontainers module's tests)");
    }
  }
}
