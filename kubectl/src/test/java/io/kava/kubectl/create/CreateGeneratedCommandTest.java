package io.kava.kubectl.create;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Pod;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run`, `create deployment`, `create configmap` and `create secret`: each expected YAML is what
 * kubectl 1.32 prints for the same command line with --dry-run=client -o yaml.
 */
class CreateGeneratedCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void runMakesKubectlsPod() {
    Result r = cli.run("run", "x", "--image=busybox", "--dry-run=client", "-o", "yaml");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: null
          labels:
            run: x
          name: x
        spec:
          containers:
          - image: busybox
            name: x
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Always
        status: {}
        """);
  }

  @Test
  void runWithEnvPortLabelsAndACommand() {
    Result r = cli.run("run", "x", "--image=busybox", "--restart=Never", "--env", "A=B", "--port", "80", "--labels", "a=b,c=d",
        "--command", "--dry-run=client", "-o", "yaml", "--", "sh", "-c", "echo hi");

    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: null
          labels:
            a: b
            c: d
          name: x
        spec:
          containers:
          - command:
            - sh
            - -c
            - echo hi
            env:
            - name: A
              value: B
            image: busybox
            name: x
            ports:
            - containerPort: 80
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Never
        status: {}
        """);
  }

  @Test
  void runWithoutCommandPassesArgsAndCreatesThePod() {
    Result r = cli.run("run", "x", "--image=busybox", "--restart=OnFailure", "--", "a", "b");

    assertThat(r.out()).isEqualTo("pod/x created\n");
    Pod pod = api.client().resource(Pod.class).get("default", "x");
    assertThat(pod.getSpec().getContainers(0).getArgsList()).containsExactly("a", "b");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("OnFailure");
  }

  @Test
  void runRefusesABadRestartPolicyAndRmOrTtyWithoutStdin() {
    Result bad = cli.run("run", "x", "--image=busybox", "--restart=Sometimes");
    Result rm = cli.run("run", "x", "--image=busybox", "--rm", "--", "sh");
    Result tty = cli.run("run", "x", "--image=busybox", "-t", "--", "sh");

    assertThat(bad.err()).isEqualTo("error: invalid restart policy: Sometimes\n");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(rm.err()).isEqualTo("error: --rm should only be used for attached containers\n");
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(tty.err()).isEqualTo("error: -i/--stdin is required for containers with -t/--tty=true\n");
    assertThat(tty.exitCode()).isEqualTo(1);
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void createDeploymentAsKubectl() {
    Result r = cli.run("create", "deployment", "d", "--image=nginx", "--replicas=3", "--port=80", "--dry-run=client",
        "-o", "yaml");

    assertThat(r.out()).isEqualTo("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          creationTimestamp: null
          labels:
            app: d
          name: d
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: d
          strategy: {}
          template:
            metadata:
              creationTimestamp: null
              labels:
                app: d
            spec:
              containers:
              - image: nginx
                name: nginx
                ports:
                - containerPort: 80
                resources: {}
        status: {}
        """);
  }

  @Test
  void createDeploymentNamesTheContainerAfterTheImage() {
    Result r = cli.run("create", "deploy", "web", "--image=kava/demo:1.0");

    assertThat(r.out()).isEqualTo("deployment.apps/web created\n");
    var d = api.client().resource(io.kava.api.apps.v1.Deployment.class).get("default", "web");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers(0).getName()).isEqualTo("demo");
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void configMapFromLiteralsFilesAndKeyedFiles() throws Exception {
    Path bin = Files.write(dir.resolve("f.bin"), new byte[] {'a', 'b', 'c', 0, '\n'});
    Path env = Files.writeString(dir.resolve("e.env"), "A=1\n# c\nB = 2\n\nC\n");

    Result r = cli.run("create", "configmap", "c", "--from-literal=k=v", "--from-file=" + bin,
        "--from-file=other=" + env, "--dry-run=client", "-o", "yaml");

    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        data:
          f.bin: "abc\\0\\n"
          k: v
          other: |
            A=1
            # c
            B = 2

            C
        kind: ConfigMap
        metadata:
          creationTimestamp: null
          name: c
        """);
  }

  @Test
  void configMapFromAnEnvFileTakesBareKeysFromTheEnvironment() throws Exception {
    Path env = Files.writeString(dir.resolve("e.env"), "A=1\n# c\nB=2 x \n\n  C\n");

    Result unset = cli.run("create", "configmap", "c2", "--from-env-file=" + env, "--dry-run=client", "-o", "yaml");
    Result set = cli.env("C", "zz").run("create", "cm", "c2", "--from-env-file=" + env, "-n", "ns1",
        "--dry-run=client", "-o", "yaml");

    assertThat(unset.out()).isEqualTo("""
        apiVersion: v1
        data:
          A: "1"
          B: '2 x '
          C: ""
        kind: ConfigMap
        metadata:
          creationTimestamp: null
          name: c2
        """);
    assertThat(set.out()).contains("  C: zz\n").endsWith("  name: c2\n  namespace: ns1\n");
  }

  @Test
  void configMapErrorsAreKubectls() throws Exception {
    Path env = Files.writeString(dir.resolve("e.env"), "B =2\n");

    assertThat(cli.run("create", "configmap", "c", "--from-literal=a=1", "--from-literal=a=2").err())
        .isEqualTo("error: cannot add key \"a\", another key by that name already exists in Data for ConfigMap \"c\"\n");
    assertThat(cli.run("create", "configmap", "c", "--from-literal=a").err())
        .isEqualTo("error: invalid literal source a, expected key=value\n");
    assertThat(cli.run("create", "configmap", "c", "--from-env-file=" + env).err())
        .startsWith("error: \"B \" is not a valid key name: a valid environment variable name must consist of");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void configMapFromADirectoryAndBinaryBytes() throws Exception {
    Path d = Files.createDirectories(dir.resolve("d"));
    Files.writeString(d.resolve("one"), "a\n");
    Files.write(d.resolve("two"), new byte[] {(byte) 0xff, 0, 1});

    Result r = cli.run("create", "configmap", "c3", "--from-file=" + d);

    assertThat(r.out()).isEqualTo("configmap/c3 created\n");
    ConfigMap cm = api.client().resource(ConfigMap.class).get("default", "c3");
    assertThat(cm.getDataMap()).containsExactly(java.util.Map.entry("one", "a\n"));
    assertThat(cm.getBinaryDataMap().get("two").toByteArray()).containsExactly((byte) 0xff, 0, 1);
  }

  @Test
  void secretsAsKubectl() throws Exception {
    Path env = Files.writeString(dir.resolve("e.env"), "A=1\n# c\nB = 2\n\nC\n");

    Result generic = cli.run("create", "secret", "generic", "s", "--from-literal=k=v", "--from-file=" + env,
        "--dry-run=client", "-o", "yaml");
    Result typed = cli.run("create", "secret", "generic", "s", "--from-literal=k=v", "--type=kubernetes.io/basic-auth",
        "--dry-run=client", "-o", "yaml");
    Result registry = cli.run("create", "secret", "docker-registry", "r", "--docker-server=reg.example",
        "--docker-username=u", "--docker-password=p", "--docker-email=e@x", "--dry-run=client", "-o", "yaml");

    assertThat(generic.out()).isEqualTo("""
        apiVersion: v1
        data:
          e.env: QT0xCiMgYwpCID0gMgoKQwo=
          k: dg==
        kind: Secret
        metadata:
          creationTimestamp: null
          name: s
        """);
    assertThat(typed.out()).endsWith("  name: s\ntype: kubernetes.io/basic-auth\n");
    assertThat(registry.out()).isEqualTo("""
        apiVersion: v1
        data:
          .dockerconfigjson: eyJhdXRocyI6eyJyZWcuZXhhbXBsZSI6eyJ1c2VybmFtZSI6InUiLCJwYXNzd29yZCI6InAiLCJlbWFpbCI6ImVAeCIsImF1dGgiOiJkVHB3In19fQ==
        kind: Secret
        metadata:
          creationTimestamp: null
          name: r
        type: kubernetes.io/dockerconfigjson
        """);
  }

  @Test
  void jobFromACronJobTakesItsTemplateAndIsOwnedByIt() {
    assertThat(cli.run("create", "cronjob", "nightly", "--image=busybox", "--schedule=0 3 * * *", "--", "echo", "hi")
        .exitCode()).isZero();
    CronJob nightly = api.client().resource(CronJob.class).get("default", "nightly");

    Result made = cli.run("create", "job", "by-hand", "--from=cronjob/nightly");

    assertThat(made.err()).isEmpty();
    assertThat(made.out()).isEqualTo("job.batch/by-hand created\n");
    Job job = api.client().resource(Job.class).get("default", "by-hand");
    assertThat(job.getMetadata().getAnnotationsMap()).containsEntry("cronjob.kubernetes.io/instantiate", "manual");
    assertThat(job.getMetadata().getOwnerReferencesList()).singleElement().satisfies(ref -> {
      assertThat(ref.getKind()).isEqualTo("CronJob");
      assertThat(ref.getName()).isEqualTo("nightly");
      assertThat(ref.getUid()).isEqualTo(nightly.getMetadata().getUid());
      assertThat(ref.getController()).isTrue();
    });
    assertThat(job.getSpec().getTemplate().getSpec().getContainers(0).getCommandList()).containsExactly("echo", "hi");
  }

  @Test
  void jobFromSomethingElseOrAMissingCronJobFailsAndStoresNothing() {
    Result notACronJob = cli.run("create", "job", "x", "--from=deployment/web");
    Result missing = cli.run("create", "job", "x", "--from=cronjob/missing");
    Result both = cli.run("create", "job", "x", "--from=cronjob/missing", "--image=busybox");

    assertThat(notACronJob.exitCode()).isEqualTo(1);
    assertThat(notACronJob.err()).isEqualTo("error: from must be an existing cronjob: deployment/web\n");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("Error from server (NotFound): cronjobs.batch \"missing\" not found\n");
    assertThat(both.exitCode()).isEqualTo(1);
    assertThat(both.err()).isEqualTo("error: either --image or --from must be specified\n");
    assertThat(api.writes()).isEmpty();
  }
}
