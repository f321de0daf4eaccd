package io.kava.testcontainers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Kava cluster for a JUnit 5 test class, with no Testcontainers code: one {@link KavaContainer} is
 * started before the class's first test and removed after its last; test methods, constructors and
 * lifecycle methods get a connected {@link io.kava.client.KavaClient} (or the {@link KavaContainer})
 * as a parameter.
 *
 * <pre>{@code
 * @KavaCluster
 * class MyTest {
 *   @Test
 *   void runs(KavaClient client) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KavaClusterExtension.class)
public @interface KavaCluster {
  /** The image to run; empty: {@link KavaImage#DEFAULT}. */
  String image() default "";

  /** How many nodes, one container each ({@link KavaContainer#withNodes(int)}). */
  int nodes() default 1;
}
