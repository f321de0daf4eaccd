package io.kava.kubelet.runtime;

/**
 * An image name split as Docker's pull wants it: "nginx:1.14.2" -> (nginx, 1.14.2), "busybox" ->
 * (busybox, latest), "host:5000/app" -> (host:5000/app, latest), "app@sha256:..." -> (app, sha256:...).
 */
public record ImageReference(String repository, String tag, boolean digest) {

  public static ImageReference parse(String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      return new ImageReference(image.substring(0, at), image.substring(at + 1), true);
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon > slash) {
      return new ImageReference(image.substring(0, colon), image.substring(colon + 1), false);
    }
    return new ImageReference(image, "latest", false);
  }

  /** Whether the name has no tag or the tag "latest" (upstream then defaults imagePullPolicy to Always). */
  public static boolean isLatest(String image) {
    ImageReference ref = parse(image);
    return !ref.digest() && ref.tag().equals("latest");
  }

  @Override
  public String toString() {
    return repository + (digest ? "@" : ":") + tag;
  }
}
