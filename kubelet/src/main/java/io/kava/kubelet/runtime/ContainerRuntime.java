package io.kava.kubelet.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kubelet needs from a container engine: images, containers, exec. The Docker implementation
 * is {@link DockerContainerRuntime}; unit tests use a fake. Every method may throw
 * {@link RuntimeUnavailableException} when the engine cannot be reached.
 */
public interface ContainerRuntime extends AutoCloseable {
  /** The engine's name and version, as upstream's containerRuntimeVersion ("docker://20.10.24"). */
  String version();

  /** The local image's id ("sha256:..."), or empty when the image is not present. */
  Optional<String> imageId(String image);

  /** The user the image's config runs as ("1000", "nginx", "1000:100"), "" when it names none or is absent. */
  String imageUser(String image);

  /** Pulls an image from its registry; throws {@link ImagePullException} when that fails. */
  void pullImage(String image) throws ImagePullException;

  /** Containers (running or not) carrying all the given labels, without details. */
  List<ContainerSummary> listContainers(Map<String, String> labels);

  /** Full details of one container, or empty when it no longer exists. */
  Optional<ContainerInfo> inspectContainer(String id);

  /** Creates (does not start) a container and returns its id. */
  String createContainer(ContainerConfig config) throws ContainerCreateException;

  void startContainer(String id) throws ContainerStartException;

  /** SIGTERM, then SIGKILL after the grace period; a container that is not running is left alone. */
  void stopContainer(String id, Duration gracePeriod);

  /** Removes a container, killing it first if it still runs; a missing container is not an error. */
  void removeContainer(String id);

  /** Runs a command inside a running container and waits for it up to the timeout. */
  ExecResult exec(String id, List<String> command, Duration timeout);

  /**
   * One reading of a running container's CPU and memory counters (Docker's stats, not streamed); empty
   * when the container is gone or the runtime keeps no counters (hollow nodes, fakes).
   */
  default Optional<UsageSample> stats(String id) {
    return Optional.empty();
  }

  /**
   * The process id of a running container's first process (its network namespace is
   * /proc/PID/ns/net, where CNI plugins set up a sandbox's network); 0 when it does not run or the
   * runtime has no processes (fakes, hollow nodes).
   */
  default long pid(String id) {
    return 0;
  }

  @Override
  void close();
}
