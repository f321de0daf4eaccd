package io.kava.kubelet.dns;

import io.kava.api.core.v1.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps each pod's resolv.conf as a file in the pod's directory ({@code <pod dir>/resolv.conf}), which
 * every container of the pod gets bound at /etc/resolv.conf (a bind Docker leaves alone: it writes its
 * own resolv.conf only where nothing is mounted). Rewritten in place when it changes, so containers
 * already running see the new text, as they would see upstream's sandbox file.
 */
public final class ResolvConfFiles {
  public static final String CONTAINER_PATH = "/etc/resolv.conf";
  private static final Path SYSTEMD_STUB_FILE = Path.of("/etc/resolv.conf");
  private static final Path SYSTEMD_UPSTREAM_FILE = Path.of("/run/systemd/resolve/resolv.conf");

  private final PodResolvConf.Settings settings;
  private final String hostFile;
  private final Function<String, Path> podDir;

  /** The result of one write: the file, whether its text changed, and warnings worth an event. */
  public record Written(Path file, boolean changed, List<PodResolvConf.Warning> warnings) {}

  /**
   * @param hostFile the host's resolv.conf (--resolv-conf); "" for none (upstream then disables lookups
   *     under dnsPolicy Default)
   * @param podDir the pod's directory by uid
   */
  public ResolvConfFiles(PodResolvConf.Settings settings, String hostFile, Function<String, Path> podDir) {
    this.settings = settings;
    this.hostFile = hostFile;
    this.podDir = podDir;
  }

  public PodResolvConf.Settings settings() {
    return settings;
  }

  /** Computes the pod's resolv.conf and writes it if it is missing or differs. */
  public Written write(Pod pod) throws IOException {
    PodResolvConf.Result result = PodResolvConf.build(pod, settings, readHostFile());
    Path file = podDir.apply(pod.getMetadata().getUid()).resolve("resolv.conf");
    String text = result.text();
    if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
      return new Written(file, false, result.warnings());
    }
    Files.createDirectories(file.getParent());
    // In place, not renamed: a bind mount holds the inode, and running containers must see the change.
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return new Written(file, true, result.warnings());
  }

  private Optional<ResolvConf> readHostFile() throws IOException {
    if (hostFile.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(hostFile);
    ResolvConf conf = ResolvConf.parse(read(path));
    // Docker's resolvconf.Path(): behind systemd-resolved's stub, the real upstream servers are elsewhere.
    if (path.equals(SYSTEMD_STUB_FILE) && conf.nameservers().equals(List.of("127.0.0.53"))
        && Files.isRegularFile(SYSTEMD_UPSTREAM_FILE)) {
      conf = ResolvConf.parse(read(SYSTEMD_UPSTREAM_FILE));
    }
    return Optional.of(conf);
  }

  private static String read(Path path) throws IOException {
    try (var in = Files.newInputStream(path)) {
      return new String(in.readNBytes(ResolvConf.MAX_LENGTH), StandardCharsets.UTF_8);
    }
  }
}
