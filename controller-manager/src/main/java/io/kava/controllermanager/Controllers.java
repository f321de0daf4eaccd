package io.kava.controllermanager;

import io.kava.client.KavaClient;
import io.kava.controllermanager.certificates.ApprovingController;
import io.kava.controllermanager.clientbuilder.ControllerClients;
import io.kava.controllermanager.certificates.SigningController;
import io.kava.controllermanager.daemonset.DaemonSetController;
import io.kava.controllermanager.deployment.DeploymentController;
import io.kava.controllermanager.disruption.DisruptionController;
import io.kava.controllermanager.cronjob.CronJobController;
import io.kava.controllermanager.endpoint.EndpointsController;
import io.kava.controllermanager.endpointslice.EndpointSliceController;
import io.kava.controllermanager.gc.GarbageCollector;
import io.kava.controllermanager.job.JobController;
import io.kava.controllermanager.namespace.NamespaceController;
import io.kava.controllermanager.nodelifecycle.NodeLifecycleController;
import io.kava.controllermanager.podautoscaler.HorizontalController;
import io.kava.controllermanager.podgc.PodGcController;
import io.kava.controllermanager.replicaset.ReplicaSetController;
import io.kava.controllermanager.serviceaccount.RootCaCertPublisher;
import io.kava.controllermanager.serviceaccount.ServiceAccountsController;
import io.kava.controllermanager.resourcequota.ResourceQuotaController;
import io.kava.controllermanager.statefulset.StatefulSetController;
import io.kava.controllermanager.tainteviction.TaintEvictionController;
import io.kava.controllermanager.ttlafterfinished.TtlAfterFinishedController;
import java.time.Clock;
import io.kava.controllermanager.volume.LocalPathProvisioner;
import io.kava.controllermanager.volume.PersistentVolumeController;
import io.kava.controllermanager.volume.PvProtectionController;
import io.kava.controllermanager.volume.PvcProtectionController;
import java.util.ArrayList;
import java.util.List;

/**
 * The controllers this process runs. Each new controller adds one line here, with the name of the
 * ServiceAccount it runs as under --use-service-account-credentials (upstream's name where upstream has
 * the controller; its role is system:controller:NAME, in the API server's bootstrap policy).
 */
final class Controllers {
  private Controllers() {}

  static List<Controller> all(KavaClient client, ControllerManagerConfig config) {
    return all(ControllerClients.shared(client), config);
  }

  static List<Controller> all(ControllerClients clients, ControllerManagerConfig config) {
    List<Controller> controllers = new ArrayList<>();
    controllers.add(new ReplicaSetController(clients.client("replicaset-controller")));
    controllers.add(new DeploymentController(clients.client("deployment-controller")));
    controllers.add(new StatefulSetController(clients.client("statefulset-controller")));
    controllers.add(new DaemonSetController(clients.client("daemon-set-controller")));
    controllers.add(new GarbageCollector(clients.client("generic-garbage-collector")));
    controllers.add(new NamespaceController(clients.client("namespace-controller")));
    controllers.add(new EndpointsController(clients.client("endpoint-controller")));
    controllers.add(new EndpointSliceController(clients.client("endpointslice-controller"), config.maxEndpointsPerSlice()));
    controllers.add(new DisruptionController(clients.client("disruption-controller")));
    controllers.add(new NodeLifecycleController(clients.client("node-controller"), config.nodeLifecycle()));
    controllers.add(new TaintEvictionController(clients.client("taint-eviction-controller")));
    controllers.add(new PodGcController(clients.client("pod-garbage-collector"), config.podGc()));
    controllers.add(new JobController(clients.client("job-controller"), config.jobs()));
    controllers.add(new TtlAfterFinishedController(clients.client("ttl-after-finished-controller"), Clock.systemUTC()));
    controllers.add(new CronJobController(clients.client("cronjob-controller"), config.cronJobs()));
    controllers.add(new PersistentVolumeController(clients.client("persistent-volume-binder")));
    controllers.add(new PvcProtectionController(clients.client("pvc-protection-controller")));
    controllers.add(new PvProtectionController(clients.client("pv-protection-controller")));
    controllers.add(new LocalPathProvisioner(clients.client("local-path-provisioner"), config.localPathDir()));
    controllers.add(new HorizontalController(clients.client("horizontal-pod-autoscaler"), config.hpa()));
    controllers.add(new ApprovingController(clients.client("certificate-controller"), Clock.systemUTC()));
    controllers.add(new ResourceQuotaController(clients.client("resourcequota-controller"), config.resourceQuota()));
    if (config.signing().enabled()) {
      controllers.add(new SigningController(clients.client("certificate-controller"), config.signing(), Clock.systemUTC()));
    }
    controllers.add(new ServiceAccountsController(clients.client("service-account-controller")));
    controllers.add(new io.kava.controllermanager.bootstrap.TokenCleaner(clients.client("token-cleaner"), Clock.systemUTC()));
    if (!config.rootCa().isEmpty()) {
      controllers.add(new RootCaCertPublisher(clients.client("root-ca-cert-publisher"), config.rootCa()));
    }
    if (config.nodeIpam().allocateNodeCidrs()) {
      // Upstream runs node IPAM as node-controller too.
      controllers.add(new io.kava.controllermanager.nodeipam.NodeIpamController(clients.client("node-controller"),
          config.nodeIpam()));
    }
    return controllers;
  }
}
