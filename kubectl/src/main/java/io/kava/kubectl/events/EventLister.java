package io.kava.kubectl.events;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Event;
import io.kava.client.ApiException;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.ListResult;
import io.kava.client.Watch;
import io.kava.client.WatchEvent;
import io.kava.client.WatchListener;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.TablePrinter;
import io.kava.kubectl.resource.ResourceArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * `kavactl events`: the namespace's events as kubectl events prints them (LAST SEEN, TYPE, REASON,
 * OBJECT, MESSAGE, oldest first), --for KIND/NAME (a server-side field selector on involvedObject),
 * --types Normal,Warning, and --watch for the new ones.
 */
public final class EventLister {
  private static final Set<String> TYPES = Set.of("normal", "warning");

  private final Session session;

  public EventLister(Session session) {
    this.session = session;
  }

  public record Request(String forObject, List<String> types, boolean watch, boolean allNamespaces, boolean noHeaders) {}

  public int run(Request request) {
    List<String> types = request.types().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
        .toList();
    for (String t : types) {
      if (!TYPES.contains(t)) {
        throw CliException.error("valid --types are Normal or Warning");
      }
    }
    ListOptions options = new ListOptions(request.allNamespaces() ? "" : session.namespace(), "",
        fieldSelector(request.forObject()));
    ListResult<Message> list = session.resource(Kinds.EVENT).list(options);
    List<Message> events = new ArrayList<>(list.items().stream().filter(e -> wanted((Event) e, types)).toList());
    events.sort(io.kava.kubectl.get.Getter.order(Kinds.EVENT));
    TablePrinter table = new TablePrinter(Kinds.EVENT, false, request.allNamespaces(), false)
        .withoutHeaders(request.noHeaders());
    if (events.isEmpty() && !request.watch()) {
      session.err().println(request.allNamespaces() ? "No events found."
          : "No events found in " + session.namespace() + " namespace.");
      return 0;
    }
    if (!events.isEmpty()) {
      table.print(events, session.clock().instant(), session.out());
    }
    return request.watch() ? watch(options, list.resourceVersion(), types, table) : 0;
  }

  private int watch(ListOptions options, String resourceVersion, List<String> types, TablePrinter table) {
    BlockingQueue<Optional<ApiException>> closed = new LinkedBlockingQueue<>();
    Optional<ApiException> end;
    Watch watch = session.resource(Kinds.EVENT).watch(options, resourceVersion, new WatchListener<>() {
      @Override
      public void onEvent(WatchEvent<Message> event) {
        if (event.type() != WatchEvent.Type.BOOKMARK && event.type() != WatchEvent.Type.DELETED && event.object() != null
            && wanted((Event) event.object(), types)) {
          synchronized (table) {
            table.print(List.of(event.object()), session.clock().instant(), session.out());
            session.out().flush();
          }
        }
      }

      @Override
      public void onClose(ApiException error) {
        closed.add(Optional.ofNullable(error));
      }
    });
    try {
      end = closed.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      watch.close();
    }
    if (end.isPresent()) {
      session.err().println(session.describe(end.get(), Kinds.EVENT, null));
      return 1;
    }
    return 0;
  }

  private static boolean wanted(Event e, List<String> types) {
    return types.isEmpty() || types.contains(e.getType().toLowerCase(Locale.ROOT));
  }

  /** `--for pod/web` as involvedObject.kind=Pod,involvedObject.name=web. */
  static String fieldSelector(String forObject) {
    if (forObject == null || forObject.isBlank()) {
      return "";
    }
    int slash = forObject.indexOf('/');
    if (slash <= 0 || slash == forObject.length() - 1) {
      throw CliException.error("--for must be in resource/name form");
    }
    String kind = ResourceArgs.kind(forObject.substring(0, slash)).kind();
    return "involvedObject.kind=" + kind + ",involvedObject.name=" + forObject.substring(slash + 1);
  }
}
