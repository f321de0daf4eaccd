package io.kava.kubelet.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A runtime that hands every call to another one: the base of the runtime's decorators (a pod's view of
 * it, the CNI network), which override only the calls they change.
 */
public abstract class ForwardingContainerRuntime implements ContainerRuntime {
  protected final ContainerRuntime runtime;

  protected ForwardingContainerRuntime(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public String version() {
    return runtime.version();
  }

  @Override
  public Optional<String> imageId(String image) {
    return runtime.imageId(image);
  }

  @Override
  public String imageUser(String image) {
    return runtime.imageUser(image);
  }

  @Override
  public void pullImage(String image) throws ImagePullException {
    runtime.pullImage(image);
  }

  @Override
  public List<ContainerSummary> listContainers(Map<String, String> labels) {
    return runtime.listContainers(labels);
  }

  @Override
  public Optional<ContainerInfo> inspectContainer(String id) {
    return runtime.inspectContainer(id);
  }

  @Override
  public String createContainer(ContainerConfig config) throws ContainerCreateException {
    return runtime.createContainer(config);
  }

  @Override
  public void startContainer(String id) throws ContainerStartException {
    runtime.startContainer(id);
  }

  @Override
  public void stopContainer(String id, Duration gracePeriod) {
    runtime.stopContainer(id, gracePeriod);
  }

  @Override
  public void removeContainer(String id) {
    runtime.removeContainer(id);
  }

  @Override
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    return runtime.exec(id, command, timeout);
  }

  @Override
  public Optional<UsageSample> stats(String id) {
    return runtime.stats(id);
  }

  @Override
  public long pid(String id) {
    return runtime.pid(id);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
