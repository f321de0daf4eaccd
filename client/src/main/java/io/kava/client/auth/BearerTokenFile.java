package io.kava.client.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * The bearer token a file holds, read again whenever the file changed, as client-go's BearerTokenFile:
 * the kubelet rewrites a pod's projected ServiceAccount token before it expires, and a client that keeps
 * the first one is refused once it does. A missing or empty file is no token, naming the file. Send it
 * with {@code new BearerToken(new BearerTokenFile(path))}.
 */
public final class BearerTokenFile implements TokenSource {
  private final Path file;
  private FileTime readAt;
  private String token;

  public BearerTokenFile(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The token now in the file (the one read before while the file is unchanged). */
  @Override
  public synchronized String token() throws TokenUnavailableException {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (token == null || !modified.equals(readAt)) {
        String read = Files.readString(file).strip();
        if (read.isEmpty()) {
          throw new TokenUnavailableException("could not read the bearer token: the token file " + file + " is empty");
        }
        token = read;
        readAt = modified;
      }
      return token;
    } catch (IOException e) {
      throw new TokenUnavailableException("could not read the bearer token: " + e.getMessage());
    }
  }
}
