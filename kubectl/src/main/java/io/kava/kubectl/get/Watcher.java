package io.kava.kubectl.get;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.ListOptions;
import io.kava.client.ListResult;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.ObjectTrees;
import io.kava.kubectl.print.Templates;
import io.kava.kubectl.print.TablePrinter;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * `kavactl get -w`: prints the current objects (unless --watch-only), then one row per change until the
 * thread is interrupted (Ctrl-C ends the process). A watch that expired lists again and carries on.
 */
final class Watcher {
  private final Session session;
  private final GetOptions options;
  private final Target target;
  private final Kind kind;
  private final TablePrinter table;
  private boolean printedAny;

  Watcher(Session session, GetOptions options) {
    this.session = session;
    this.options = options;
    this.target = options.targets().get(0);
    this.kind = target.kind();
    this.table = options.print().table(kind, options.allNamespaces(), false);
  }

  int run() {
    ListOptions listOptions = new ListOptions(Getter.namespaceOf(kind, options, session), options.labelSelector(),
        options.fieldSelector());
    ListResult<Message> initial = session.resource(kind).list(listOptions);
    if (!options.watchOnly()) {
      List<Message> items = new ArrayList<>(initial.items().stream().filter(this::wanted).toList());
      items.sort(Getter.order(kind));
      print(items);
    }
    String resourceVersion = initial.resourceVersion();
    BlockingQueue<Optional<ApiException>> closed = new LinkedBlockingQueue<>();
    while (true) {
      String[] lastSeen = {resourceVersion};
      Watch watch = session.resource(kind).watch(listOptions, resourceVersion, new WatchListener<>() {
        @Override
        public void onEvent(WatchEvent<Message> event) {
          lastSeen[0] = event.resourceVersion();
          if (event.type() != WatchEvent.Type.BOOKMARK && event.object() != null && wanted(event.object())) {
            print(List.of(event.object()));
          }
        }

        @Override
        public void onClose(ApiException error) {
          closed.add(Optional.ofNullable(error));
        }
      });
      Optional<ApiException> end;
      try {
        end = closed.take();
      } catch (InterruptedException e) {
        watch.close();
        Thread.currentThread().interrupt();
        return 0;
      }
      watch.close();
      if (end.isEmpty()) {
        return 0;
      }
      if (!end.get().isExpired()) {
        session.err().println(session.describe(end.get(), kind, null));
        return 1;
      }
      resourceVersion = session.resource(kind).list(listOptions).resourceVersion(); // relist, then carry on
    }
  }

  private boolean wanted(Message object) {
    return target.names().isEmpty() || target.names().contains(ApiObjects.meta(object).getName());
  }

  private synchronized void print(List<Message> objects) {
    if (objects.isEmpty()) {
      return;
    }
    switch (options.output()) {
      case YAML -> objects.forEach(o -> {
        session.out().print((printedAny ? "---\n" : "") + Manifests.toYaml(o));
        printedAny = true;
      });
      case JSON -> objects.forEach(o -> session.out().print(Manifests.toJson(o)));
      case NAME -> objects.forEach(o -> session.out().println(ObjectNames.slashed(o)));
      case JSONPATH -> objects.forEach(o -> session.out().print(
          Templates.execute(options.print().output().template(), ObjectTrees.of(o))));
      case CUSTOM_COLUMNS -> {
        options.print().output().columns().print(objects.stream().map(ObjectTrees::of).toList(),
            printedAny || options.print().noHeaders(), session.out());
        printedAny = true;
      }
      default -> table.print(objects, session.clock().instant(), session.out());
    }
    session.out().flush();
  }
}
