package io.kava.kubelet.certificate;

import io.kava.client.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The kubelet's rotated certificates on disk, as upstream's FileStore: each one is written as
 * {@code kubelet-client-<timestamp>.pem} (or {@code kubelet-server-...} for the serving certificate;
 * certificate then key, mode 0600) and the symlink {@code kubelet-client-current.pem} is swapped to it
 * atomically (a new link renamed over the old), so that a reader (the kubeconfig names the link) sees
 * the old pair or the new one, never half of one.
 */
public final class CertificateStore {
  public static final String CLIENT = "kubelet-client";
  public static final String SERVER = "kubelet-server";
  public static final String CURRENT = CLIENT + "-current.pem";
  public static final String SERVER_CURRENT = SERVER + "-current.pem";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final String pairName;
  private final Clock clock;

  /** The client certificate's store. */
  public CertificateStore(Path dir, Clock clock) {
    this(dir, CLIENT, clock);
  }

  /** pairName: {@link #CLIENT} or {@link #SERVER}, upstream's names in --cert-dir. */
  public CertificateStore(Path dir, String pairName, Clock clock) {
    this.dir = dir;
    this.pairName = pairName;
    this.clock = clock;
  }

  public static CertificateStore serving(Path dir, Clock clock) {
    return new CertificateStore(dir, SERVER, clock);
  }

  public Path currentPath() {
    return dir.resolve(pairName + "-current.pem");
  }

  /** The pair the current link names, or empty when there is none yet. */
  public Optional<KeyMaterial> current() {
    Path current = currentPath();
    if (!Files.exists(current)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(current, StandardCharsets.US_ASCII);
      return Optional.of(new KeyMaterial(Pem.certificates(text), Pem.privateKey(text),
          Pem.encode(Pem.certificates(text).toArray(java.security.cert.X509Certificate[]::new))
              .getBytes(StandardCharsets.US_ASCII),
          Pem.encode(Pem.privateKey(text)).getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the pair and points the current link at it; returns the new file. */
  public Path update(KeyMaterial material) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(pairName + "-" + STAMP.format(clock.instant()) + ".pem");
      Path temp = Files.createTempFile(dir, "." + pairName + "-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temp, material.combinedPem());
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Path link = dir.resolve("." + currentPath().getFileName() + ".tmp");
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, file.getFileName());
      Files.move(link, currentPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + pairName + " certificate under " + dir, e);
    }
  }
}
