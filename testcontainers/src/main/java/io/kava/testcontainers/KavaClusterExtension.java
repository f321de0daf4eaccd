package io.kava.testcontainers;

import io.kava.client.KavaClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link KavaCluster}'s extension: one container per test class, kept in the class's store, which JUnit
 * closes (the container removed) once the class is done.
 */
public final class KavaClusterExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KavaClusterExtension.class);
  private static final String KEY = "cluster";

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KavaClient.class || type == KavaContainer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KavaContainer container = cluster(context).container();
    Class<?> type = parameter.getParameter().getType();
    if (type == KavaContainer.class) {
      return container;
    }
    if (type == KavaClient.class) {
      return container.client();
    }
    throw new ParameterResolutionException("@KavaCluster cannot supply a " + type.getName());
  }

  /** The class's cluster, started at the first ask (beforeAll, or a constructor parameter before it). */
  private static Started cluster(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    ExtensionContext owner = classContext;
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, key -> start(owner), Started.class);
  }

  private static Started start(ExtensionContext context) {
    var annotation = context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, KavaCluster.class));
    String image = annotation.map(KavaCluster::image).filter(s -> !s.isBlank()).orElse(KavaImage.DEFAULT);
    KavaContainer container = new KavaContainer(image).withNodes(annotation.map(KavaCluster::nodes).orElse(1));
    container.start();
    return new Started(container);
  }

  /** Closed by JUnit with the class's store: the container is removed. */
  @SuppressWarnings("deprecation") // CloseableResource: still what JUnit 5.x closes store values by
  record Started(KavaContainer container) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      container.stop();
    }
  }
}
