package io.kava.proxy.routes;

import io.kava.api.core.v1.Node;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.informer.EnqueueKeys;
import io.kava.client.informer.SharedInformer;
import io.kava.client.workqueue.WorkQueue;
import io.kava.client.workqueue.Workers;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link NodeRouteController} to a Node informer and a work queue (one worker: the route table
 * is one shared resource). kube-proxy starts it with --route-pod-cidrs; closing it removes its routes.
 */
public final class NodeRoutesLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeRoutesLoop.class);
  static final String NAME = "node-routes";

  private final SharedInformer<Node> nodes;
  private final WorkQueue queue = new WorkQueue(NAME);
  private final NodeRouteController controller;

  public NodeRoutesLoop(KavaClient client, RouteTable table, String ownNodeName) {
    this.nodes = new SharedInformer<>(client.resource(Node.class), ListOptions.all(), Duration.ofMinutes(5));
    this.controller = new NodeRouteController(table, name -> nodes.lister().get("", name), ownNodeName);
  }

  public void start() throws InterruptedException {
    nodes.addEventHandler(new EnqueueKeys<>(queue::add));
    nodes.start();
    while (!nodes.waitForSync(Duration.ofSeconds(10))) {
      log.info("Waiting for the first list of Nodes");
    }
    try {
      controller.sweep(nodes.lister().list());
    } catch (RouteException e) {
      log.warn("Could not remove stale pod routes: {}", e.getMessage());
    }
    Workers.start(NAME, queue, 1, controller);
  }

  @Override
  public void close() {
    queue.shutDown();
    nodes.close();
    try {
      controller.removeAll();
    } catch (RouteException e) {
      log.warn("Could not remove the pod routes: {}", e.getMessage());
    }
  }
}
