package io.github.claimsmapper.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Classes of jqwik properties are tagged with jqwik's {@code @Tag}: jqwik runs them and ignores
 * JUnit Jupiter's, so a slow property suite tagged the Jupiter way ran in the fast loop ({@code
 * -DexcludedGroups=slow}) anyway.
 */
class PropertyTagsTest {
  @Test
  void propertyClassesCarryJqwiksTagNeverJupitersOne() throws Exception {
    List<Class<?>> properties = propertyClasses();
    assertTrue(properties.size() >= 3, "the property classes are missing: " + properties);
    for (Class<?> type : properties) {
      assertNull(
          type.getAnnotation(org.junit.jupiter.api.Tag.class),
          type.getSimpleName() + ": jqwik ignores JUnit Jupiter's @Tag; use net.jqwik.api.Tag");
    }
    net.jqwik.api.Tag slow =
        HandlerContractPropertiesTest.class.getAnnotation(net.jqwik.api.Tag.class);
    assertEquals("slow", slow == null ? null : slow.value());
  }

  private static List<Class<?>> propertyClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of("target/test-classes");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith("Test.class")).toList()) {
        String name = root.relativize(file).toString().replace('/', '.').replace(".class", "");
        Class<?> type = Class.forName(name, false, PropertyTagsTest.class.getClassLoader());
        for (Method method : type.getDeclaredMethods()) {
          if (method.isAnnotationPresent(net.jqwik.api.Property.class)
              || method.isAnnotationPresent(net.jqwik.api.Example.class)) {
            out.add(type);
            break;
          }
        }
      }
    }
    return out;
  }
}
