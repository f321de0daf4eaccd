package io.kava.controllermanager;

import io.kava.client.KavaClient;
import io.kava.controllermanager.certificates.ApprovingController;
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

/** The controllers this process runs. Each new controller adds one line here. */
final class Controllers {
  private Controllers() {}

  static List<Controller> all(KavaClient client, ControllerManagerConfig config) {
    List<Controller> controllers = new ArrayList<>();
    controllers.add(new ReplicaSetController(client));
    controllers.add(new DeploymentController(client));
    controllers.add(new StatefulSetController(client));
    controllers.add(new DaemonSetController(client));
    controllers.add(new GarbageCollector(client));
    controllers.add(new NamespaceController(client));
    controllers.add(new EndpointsController(client));
    controllers.add(new EndpointSliceController(client, config.maxEndpointsPerSlice()));
    controllers.add(new DisruptionController(client));
    controllers.add(new NodeLifecycleController(client, config.nodeLifecycle()));
    controllers.add(new TaintEvictionController(client));
    controllers.add(new PodGcController(client, config.podGc()));
    controllers.add(new JobController(client, config.jobs()));
    controllers.add(new TtlAfterFinishedController(client, Clock.systemUTC()));
    controllers.add(new CronJobController(client, config.cronJobs()));
    controllers.add(new PersistentVolumeController(client));
    controllers.add(new PvcProtectionController(client));
    controllers.add(new PvProtectionController(client));
    controllers.add(new LocalPathProvisioner(client, config.localPathDir()));
    controllers.add(new HorizontalController(client, config.hpa()));
    controllers.add(new ApprovingController(client, Clock.systemUTC()));
    controllers.add(new ResourceQuotaController(client, config.resourceQuota()));
    if (config.signing().enabled()) {
      controllers.add(new SigningController(client, config.signing(), Clock.systemUTC()));
    }
    controllers.add(new ServiceAccountsController(client));
    controllers.add(new io.kava.controllermanager.bootstrap.TokenCleaner(client, Clock.systemUTC()));
    if (!config.rootCa().isEmpty()) {
      controllers.add(new RootCaCertPublisher(client, config.rootCa()));
    }
    if (config.nodeIpam().allocateNodeCidrs()) {
      controllers.add(new io.kava.controllermanager.nodeipam.NodeIpamController(client, config.nodeIpam()));
    }
    return controllers;
  }
}
