package io.kava.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.client.testing.MutableClock;
import io.kava.kubelet.backoff.Backoff;
import io.kava.kubelet.testing.FakeContainerRuntime;
import io.kava.kubelet.testing.RecordingEvents;
import io.kava.kubelet.testing.TestPods;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ImagePullerTest {
  private final MutableClock clock = new MutableClock();
  private final FakeContainerRuntime runtime = new FakeContainerRuntime(clock).withImage("local:1");
  private final RecordingEvents events = new RecordingEvents();
  private final Pod pod = TestPods.pod("web", "n", TestPods.container("app"));

  private ImagePuller puller(boolean fallback) {
    return new ImagePuller(runtime, Backoff.imagePull(1.0, clock), fallback, events, clock);
  }

  private static Container image(String image, String policy) {
    return Container.newBuilder().setName("app").setImage(image).setImagePullPolicy(policy).build();
  }

  @Test
  void defaultsPolicyLikeUpstream() {
    assertThat(ImagePuller.pullPolicy(image("nginx", ""))).isEqualTo("Always");
    assertThat(ImagePuller.pullPolicy(image("nginx:latest", ""))).isEqualTo("Always");
    assertThat(ImagePuller.pullPolicy(image("nginx:1.14.2", ""))).isEqualTo("IfNotPresent");
    assertThat(ImagePuller.pullPolicy(image("registry:5000/nginx", ""))).isEqualTo("Always");
    assertThat(ImagePuller.pullPolicy(image("nginx:1.14.2", "Never"))).isEqualTo("Never");
  }

  @Test
  void neverAndIfNotPresentUseTheLocalImageWithoutPulling() {
    assertThat(puller(false).ensure(pod, image("local:1", "Never")).isReady()).isTrue();
    assertThat(puller(false).ensure(pod, image("local:1", "IfNotPresent")).isReady()).isTrue();
    assertThat(runtime.pulls).isEmpty();
    ImagePuller.Result never = puller(false).ensure(pod, image("absent:1", "Never"));
    assertThat(never.waiting().reason()).isEqualTo("ErrImageNeverPull");
    assertThat(runtime.pulls).isEmpty();
  }

  @Test
  void alwaysPullsAndFallsBackToTheLocalImageOnlyWhenAllowed() {
    ImagePuller.Result strict = puller(false).ensure(pod, image("local:1", "Always"));
    assertThat(strict.waiting().reason()).isEqualTo("ErrImagePull");
    assertThat(runtime.pulls).containsExactly("local:1");

    ImagePuller fallback = puller(true);
    ImagePuller.Result lenient = fallback.ensure(pod, image("local:1", "Always"));
    assertThat(lenient.isReady()).isTrue();
    assertThat(runtime.pulls).containsExactly("local:1", "local:1");
    // One failed pull per image is enough for a while: no registry lookup on every container start.
    assertThat(fallback.ensure(pod, image("local:1", "Always")).isReady()).isTrue();
    assertThat(runtime.pulls).hasSize(2);
    clock.advance(ImagePuller.FALLBACK_RECHECK);
    assertThat(fallback.ensure(pod, image("local:1", "Always")).isReady()).isTrue();
    assertThat(runtime.pulls).hasSize(3);

    ImagePuller.Result absent = puller(true).ensure(pod, image("absent:1", "Always"));
    assertThat(absent.waiting().reason()).isEqualTo("ErrImagePull");
  }

  @Test
  void failedPullsBackOff() {
    ImagePuller p = puller(false);
    assertThat(p.ensure(pod, image("absent:1", "IfNotPresent")).waiting().reason()).isEqualTo("ErrImagePull");
    ImagePuller.Result backingOff = p.ensure(pod, image("absent:1", "IfNotPresent"));
    assertThat(backingOff.waiting().reason()).isEqualTo("ImagePullBackOff");
    assertThat(backingOff.waiting().message()).isEqualTo("Back-off pulling image \"absent:1\"");
    assertThat(backingOff.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(runtime.pulls).hasSize(1);
    clock.advance(Duration.ofSeconds(10));
    assertThat(p.ensure(pod, image("absent:1", "IfNotPresent")).retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(runtime.pulls).hasSize(2);
    assertThat(events.events).contains("Normal Pulling Pulling image \"absent:1\"", "Warning Failed Error: ErrImagePull",
        "Normal BackOff Back-off pulling image \"absent:1\"", "Warning Failed Error: ImagePullBackOff");
  }

  @Test
  void aSuccessfulPullIsReported() {
    runtime.withRegistryImage("remote:2");
    ImagePuller.Result r = puller(false).ensure(pod, image("remote:2", "IfNotPresent"));
    assertThat(r.isReady()).isTrue();
    assertThat(events.events).anyMatch(e -> e.startsWith("Normal Pulled Successfully pulled image \"remote:2\" in "));
  }

  @Test
  void withRegistryPullsOffTheEngineIsNeverAskedToPull() {
    ImagePuller offline = new ImagePuller(runtime, Backoff.imagePull(1.0, clock), true, false, events, clock);
    ImagePuller.Result missing = offline.ensure(pod, image("absent:1", "IfNotPresent"));
    assertThat(missing.waiting().reason()).isEqualTo("ErrImagePull");
    assertThat(missing.waiting().message()).contains("--registry-pulls=false");
    assertThat(offline.ensure(pod, image("absent:1", "IfNotPresent")).waiting().reason()).isEqualTo("ImagePullBackOff");
    assertThat(offline.ensure(pod, image("local:1", "Always")).isReady()).isTrue(); // the local copy serves
    assertThat(runtime.pulls).isEmpty();
  }
}
