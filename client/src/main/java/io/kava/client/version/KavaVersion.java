package io.kava.client.version;

import io.kava.api.v1.VersionInfo;
import java.util.Locale;

/**
 * The build every Kava process reports (API server's Version RPC, `kavactl version`): one version for
 * the whole project, as upstream's gitVersion (no commit or build date yet: the build does not stamp
 * them); the Java runtime; the platform as Go names it (linux/amd64).
 */
public final class KavaVersion {
  /** Kept equal to the Maven project version (without -SNAPSHOT). */
  public static final String GIT_VERSION = "v0.1.0";

  private KavaVersion() {}

  public static VersionInfo info() {
    String[] numbers = GIT_VERSION.substring(1).split("\\.");
    return VersionInfo.newBuilder().setMajor(numbers[0]).setMinor(numbers[1]).setGitVersion(GIT_VERSION)
        .setJavaVersion(System.getProperty("java.version", "")).setPlatform(platform()).build();
  }

  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String goOs = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows"
        : os;
    String goArch = switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return goOs + "/" + goArch;
  }
}
