package io.kava.kubelet.pod;

import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.dns.ResolvConfFiles;
import io.kava.kubelet.lifecycle.HookRunner;
import io.kava.kubelet.probe.ProbeManager;
import io.kava.kubelet.runtime.ContainerRuntime;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/** What every pod worker shares: the node's identity and the kubelet's services. */
public record PodSyncContext(
    String node,
    String nodeIp,
    ContainerRuntime runtime,
    ContainerFactory factory,
    ImagePuller images,
    VolumeManager volumes,
    Backoff crashBackoff,
    ProbeManager probes,
    PodApi api,
    PodEvents events,
    Clock clock,
    ExecutorService stopper,
    HookRunner hooks,
    ResolvConfFiles dns) {}
