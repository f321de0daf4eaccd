package io.kava.kubectl.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.ObjectReference;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventsCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  private static Event event(String name, String type, String reason, Duration ago) {
    return Event.newBuilder().setMetadata(Objects.meta("default", name, ago))
        .setInvolvedObject(ObjectReference.newBuilder().setKind("Pod").setNamespace("default").setName("web"))
        .setReason(reason).setMessage(reason + " happened").setType(type)
        .setFirstTimestamp(Objects.ago(ago)).setLastTimestamp(Objects.ago(ago)).setCount(1).build();
  }

  @Test
  void listsTheNamespacesEventsOldestFirst() {
    api.seed(event("b", "Warning", "BackOff", Duration.ofSeconds(5)));
    api.seed(event("a", "Normal", "Scheduled", Duration.ofSeconds(50)));

    Result r = cli.run("events");
    Result warnings = cli.run("events", "--types", "Warning");

    assertThat(r.out()).isEqualTo("LAST SEEN   TYPE      REASON      OBJECT    MESSAGE\n"
                                + "50s         Normal    Scheduled   pod/web   Scheduled happened\n"
                                + "5s          Warning   BackOff     pod/web   BackOff happened\n");
    assertThat(warnings.out()).isEqualTo("LAST SEEN   TYPE      REASON    OBJECT    MESSAGE\n"
                                       + "5s          Warning   BackOff   pod/web   BackOff happened\n");
  }

  @Test
  void noEventsAndBadTypesSaySo() {
    Result none = cli.run("events", "-n", "quiet");
    Result bad = cli.run("events", "--types", "Error");
    Result badFor = cli.run("events", "--for", "web");

    assertThat(none.err()).isEqualTo("No events found in quiet namespace.\n");
    assertThat(bad.err()).isEqualTo("error: valid --types are Normal or Warning\n");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(badFor.err()).isEqualTo("error: --for must be in resource/name form\n");
  }

  @Test
  void forSelectsTheInvolvedObjectByFields() {
    assertThat(EventLister.fieldSelector("po/web-0")).isEqualTo("involvedObject.kind=Pod,involvedObject.name=web-0");
    assertThat(EventLister.fieldSelector("deploy/nginx")).isEqualTo("involvedObject.kind=Deployment,involvedObject.name=nginx");
  }
}
