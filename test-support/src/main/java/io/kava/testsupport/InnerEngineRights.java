package io.kava.testsupport;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;

/**
 * What the Docker engine inside the container needs: what {@code --privileged} gives, spelled out, less
 * CAP_SYS_RESOURCE. Engines that run inside a restricted VM or container themselves (Kava's build
 * machine is one) lack that capability in their bounding set, and {@code --privileged} then fails with
 * "unable to apply caps"; nothing in the cluster needs it. The entrypoint makes /sys, the cgroup
 * controllers and /proc/sys writable, which --privileged would have mounted so (docker-java has no
 * field for the CLI's {@code systempaths=unconfined}); so does HermeticDockerEngine's start script.
 */
public final class InnerEngineRights {
  private InnerEngineRights() {}

  public static HostConfig grant(HostConfig host) {
    return host
        .withCapAdd(Capability.ALL)
        .withCapDrop(Capability.SYS_RESOURCE)
        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined", "label=disable"))
        .withDeviceCgroupRules(List.of("a *:* rwm"))
        // The inner engine's cgroups nest under this container's own, so they go when it goes.
        .withCgroupnsMode("private");
  }
}
