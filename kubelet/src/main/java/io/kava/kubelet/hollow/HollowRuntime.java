package io.kava.kubelet.hollow;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.kubelet.pod.ContainerLabels;
import io.kava.kubelet.pod.ObservedPod;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.runtime.ContainerInfo;
import io.kava.kubelet.runtime.ContainerRuntime;
import io.kava.kubelet.runtime.ContainerState;
import io.kava.kubelet.runtime.ContainerSummary;
import io.kava.kubelet.runtime.ExecResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kubemark's fake runtime: every container of a pod "starts" at once and runs forever; init containers
 * "exit" 0. It keeps nothing per container: a pod's containers are made up from its spec, its start
 * time and its address whenever they are observed, so 30 000 pods cost only their pod objects.
 *
 * <p>As a {@link ContainerRuntime} (for the node status reporter) it only answers its version; a hollow
 * node runs nothing, so every other call fails.
 */
public final class HollowRuntime implements ContainerRuntime {
  public static final String VERSION = "hollow://1.0";
  private static final String IMAGE_ID = "sha256:hollow";

  /** The pod's containers as a real runtime would show them once everything started. */
  public static ObservedPod observe(Pod pod, String node, String podIp, Instant startedAt) {
    List<ContainerInfo> all = new ArrayList<>();
    String uid = pod.getMetadata().getUid();
    all.add(container(pod, node, uid + "-sandbox", ContainerLabels.SANDBOX_NAME, "", ContainerState.RUNNING,
        startedAt, podIp));
    for (Container c : pod.getSpec().getInitContainersList()) {
      all.add(container(pod, node, uid + "-" + c.getName(), c.getName(), c.getImage(), ContainerState.EXITED,
          startedAt, ""));
    }
    for (Container c : pod.getSpec().getContainersList()) {
      all.add(container(pod, node, uid + "-" + c.getName(), c.getName(), c.getImage(), ContainerState.RUNNING,
          startedAt, ""));
    }
    return new ObservedPod(all);
  }

  private static ContainerInfo container(Pod pod, String node, String id, String name, String image,
      ContainerState state, Instant at, String ip) {
    Map<String, String> labels = ContainerLabels.forContainer(pod, node, name, 0, null,
        pod.getSpec().getTerminationGracePeriodSeconds());
    return new ContainerInfo(id, name, image, IMAGE_ID, labels, state, 0, false, "", at, at,
        state == ContainerState.EXITED ? at : null, ip);
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public Optional<String> imageId(String image) {
    return Optional.of(IMAGE_ID);
  }

  /** Hollow images name no user: they run nothing. */
  @Override
  public String imageUser(String image) {
    return "";
  }

  @Override
  public void pullImage(String image) {
    // every image is "present"
  }

  @Override
  public List<ContainerSummary> listContainers(Map<String, String> labels) {
    return List.of();
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String id) {
    return Optional.empty();
  }

  @Override
  public String createContainer(ContainerConfig config) {
    throw new UnsupportedOperationException("a hollow node runs no containers");
  }

  @Override
  public void startContainer(String id) {
    throw new UnsupportedOperationException("a hollow node runs no containers");
  }

  @Override
  public void stopContainer(String id, Duration gracePeriod) {
    // nothing runs
  }

  @Override
  public void removeContainer(String id) {
    // nothing runs
  }

  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    throw new UnsupportedOperationException("a hollow node runs no containers");
  }

  @Override
  public void close() {
    // nothing to release
  }
}
