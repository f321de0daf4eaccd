package io.kava.kubectl.describe;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Event;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.Age;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The Events table at the end of describe: the events whose involvedObject is the described object. */
final class EventsSection {
  private EventsSection() {}

  /**
   * Lists with a field selector on involvedObject; a server that refuses the selector gets a plain list.
   * Either way the events are checked here too, so a server ignoring the selector shows nothing extra.
   */
  static List<Event> of(Session session, Kind kind, Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    String ns = kind.namespaced() ? meta.getNamespace() : "";
    String selector = "involvedObject.name=" + meta.getName() + (ns.isEmpty() ? "" : ",involvedObject.namespace=" + ns);
    List<Message> items;
    try {
      items = session.resource(Kinds.EVENT).list(new ListOptions(ns, "", selector)).items();
    } catch (ApiException e) {
      if (e.isUnavailable()) {
        throw e;
      }
      items = session.resource(Kinds.EVENT).list(ListOptions.inNamespace(ns)).items();
    }
    List<Event> events = new ArrayList<>();
    for (Message m : items) {
      Event e = (Event) m;
      var ref = e.getInvolvedObject();
      boolean same = ref.getName().equals(meta.getName())
          && (ref.getKind().isEmpty() || ref.getKind().equals(kind.kind()))
          && (ns.isEmpty() || ref.getNamespace().isEmpty() || ref.getNamespace().equals(ns))
          && (ref.getUid().isEmpty() || meta.getUid().isEmpty() || ref.getUid().equals(meta.getUid()));
      if (same) {
        events.add(e);
      }
    }
    events.sort(Comparator.comparing(EventsSection::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())));
    return events;
  }

  static void write(DescribeWriter w, List<Event> events, Instant now) {
    if (events.isEmpty()) {
      w.line(0, "Events:", "<none>");
      return;
    }
    w.flush();
    w.line(0, "Events:");
    w.line(1, "Type", "Reason", "Age", "From", "Message");
    w.line(1, "----", "------", "----", "----", "-------");
    for (Event e : events) {
      String first = Age.since(e.getEventTime().isEmpty() ? e.getFirstTimestamp() : e.getEventTime(), now);
      String interval = e.getCount() > 1
          ? Age.since(e.getLastTimestamp(), now) + " (x" + e.getCount() + " over " + first + ")" : first;
      String from = e.getSource().getComponent().isEmpty() ? e.getReportingComponent() : e.getSource().getComponent();
      w.line(1, e.getType(), e.getReason(), interval, from, e.getMessage().strip());
    }
  }

  private static Instant lastSeen(Event e) {
    for (String t : List.of(e.getLastTimestamp(), e.getEventTime(), e.getFirstTimestamp())) {
      Instant i = Age.parse(t);
      if (i != null) {
        return i;
      }
    }
    return null;
  }
}
