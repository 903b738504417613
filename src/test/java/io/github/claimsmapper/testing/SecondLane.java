package io.github.claimsmapper.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that runs beside the suite's ordinary classes instead of after them: its time is
 * spent waiting (on a browser, a fresh JVM, a server, many threads' lookups) with generous
 * timeouts, not on tight deadlines, so the waits of the suite overlap. The ordinary classes run one
 * after another on one thread (src/test/resources/junit-platform.properties); the classes marked
 * with this run one after another on the second, each holding {@link #LANE}, so two of them never
 * run at once, and the lock keeps each one's own tests in order on its thread. Classes with tight
 * deadlines (the invocation-deadline and fault-injection suites) stay on the first lane.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(SecondLane.LANE)
public @interface SecondLane {
  /** Held by the class that has the second lane. */
  String LANE = "the second lane";
}
