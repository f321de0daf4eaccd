package io.kava.apiserver.proxy;

import io.kava.api.kubelet.v1.PodRef;

/** Where a pod's stream goes: the pod (with its uid), the container, and its node's kubelet address. */
record StreamTarget(PodRef pod, String container, String node, String host, int port) {}
