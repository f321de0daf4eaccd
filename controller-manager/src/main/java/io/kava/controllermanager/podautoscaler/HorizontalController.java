package io.kava.controllermanager.podautoscaler;

import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiObjects;
import io.kava.client.KavaClient;
import io.kava.client.events.EventRecorder;
import io.kava.client.informer.InformerFactory;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import io.kava.controllermanager.Controller;
import io.kava.controllermanager.util.Periodic;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HorizontalPodAutoscaler controller (upstream pkg/controller/podautoscaler): every HPA is
 * reconciled when it changes and again every --horizontal-pod-autoscaler-sync-period, as the metrics
 * move without any watch event. Handlers only enqueue; {@link HpaSyncer} does the work. Failures are
 * reported in the HPA's conditions and events and retried at the next period, as upstream.
 */
public final class HorizontalController implements Controller {
  private static final Logger log = LoggerFactory.getLogger(HorizontalController.class);
  public static final String NAME = "horizontalpodautoscaling";

  private final KavaClient client;
  private final HpaConfig config;
  private final MetricsSource metrics;
  private final EventRecorder recorder;
  private final Clock clock;
  private final ScaleNormalizer normalizer;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final Periodic resync = new Periodic("hpa-resync");
  private Lister<HorizontalPodAutoscaler> hpas;
  private HpaSyncer syncer;

  public HorizontalController(KavaClient client, HpaConfig config) {
    this(client, config, new ApiMetricsSource(client.metrics()),
        new EventRecorder(client.resource(Event.class), "horizontal-pod-autoscaler", ""), Clock.systemUTC());
  }

  public HorizontalController(KavaClient client, HpaConfig config, MetricsSource metrics, EventRecorder recorder,
      Clock clock) {
    this.client = client;
    this.config = config;
    this.metrics = metrics;
    this.recorder = recorder;
    this.clock = clock;
    this.normalizer = new ScaleNormalizer(config.downscaleStabilization(), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void register(InformerFactory informers) {
    var hpaInformer = informers.informer(HorizontalPodAutoscaler.class);
    Lister<Pod> pods = informers.informer(Pod.class).lister();
    hpas = hpaInformer.lister();
    syncer = new HpaSyncer(client, pods, metrics,
        new ReplicaCalculator(config.tolerance(), config.cpuInitializationPeriod(), config.initialReadinessDelay()),
        normalizer, recorder, clock);
    hpaInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(HorizontalPodAutoscaler hpa) {
        queue.add(ApiObjects.key(hpa));
      }

      @Override
      public void onUpdate(HorizontalPodAutoscaler old, HorizontalPodAutoscaler hpa) {
        // Our own status writes come back here too; a spec change is what needs a look before the period ends.
        if (old.getMetadata().getGeneration() != hpa.getMetadata().getGeneration()) {
          queue.add(ApiObjects.key(hpa));
        }
      }

      @Override
      public void onDelete(HorizontalPodAutoscaler hpa) {
        normalizer.forget(ApiObjects.key(hpa));
      }
    });
  }

  @Override
  public void run(int workers) {
    Workers.start(NAME, queue, workers, this::sync);
    // The metrics move without watch events: every HPA is looked at again each period (upstream's resync).
    resync.every(config.syncPeriod(), config.syncPeriod(), () -> hpas.list().forEach(h -> queue.add(ApiObjects.key(h))),
        log, "Queueing HPAs for their periodic sync");
  }

  @Override
  public void stop() {
    resync.stop();
    queue.shutDown();
    recorder.close();
  }

  /**
   * Reconciles one HPA by "namespace/name". A failure to write is logged, not retried sooner: the next
   * period's pass repeats the whole computation, as upstream's fixed-interval requeue does.
   */
  public void sync(String key) {
    Optional<HorizontalPodAutoscaler> hpa = hpas.get(key);
    if (hpa.isEmpty()) {
      normalizer.forget(key);
      return;
    }
    try {
      syncer.reconcile(key, hpa.get());
    } catch (RuntimeException e) {
      log.warn("Failed to reconcile HPA {}: {}", key, e.getMessage());
    }
  }
}
