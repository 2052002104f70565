package dev.rhizome.process.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.process.ExitReason;
import dev.rhizome.process.supervisor.internal.RestartIntensity;
import dev.rhizome.process.supervisor.internal.RestartPlan;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The pure parts of the supervisor: the intensity window at its boundaries, and the restart plans. */
class RestartIntensityTest {

    @Test
    void defaultOneInFiveAllowsOneRestartPerWindow() {
        RestartIntensity r = new RestartIntensity(1, 5);
        assertTrue(r.addRestart(100));
        assertFalse(r.addRestart(105), "105 <= 100 + 5: still inside the window");
    }

    @Test
    void windowBoundaryIsInclusiveOfThenPlusPeriod() {
        RestartIntensity r = new RestartIntensity(1, 5);
        assertTrue(r.addRestart(100));
        assertTrue(r.addRestart(106), "106 > 100 + 5: the first restart has left the window");
    }

    @Test
    void intensityZeroAllowsNoRestart() {
        assertFalse(new RestartIntensity(0, 1).addRestart(0));
    }

    @Property(tries = 200)
    void neverMoreThanIntensityInsideAnyWindow(@ForAll @IntRange(min = 0, max = 5) int intensity,
            @ForAll @IntRange(min = 1, max = 10) int period, @ForAll List<@IntRange(min = 0, max = 3) Integer> gaps) {
        RestartIntensity r = new RestartIntensity(intensity, period);
        long now = 0;
        java.util.ArrayDeque<Long> accepted = new java.util.ArrayDeque<>();
        for (int gap : gaps) {
            now += gap;
            long t = now;
            boolean ok = r.addRestart(t);
            accepted.addFirst(t);
            accepted.removeIf(then -> t > then + period);
            assertEquals(accepted.size() <= intensity, ok);
            if (!ok) {
                return; // the supervisor is gone
            }
        }
    }

    @Test
    void plansFollowTheStrategies() {
        assertEquals(List.of(1), RestartPlan.affected(Strategy.ONE_FOR_ONE, 3, 1));
        assertEquals(List.of(0, 1, 2), RestartPlan.affected(Strategy.ONE_FOR_ALL, 3, 1));
        assertEquals(List.of(1, 2), RestartPlan.affected(Strategy.REST_FOR_ONE, 3, 1));
        assertEquals(List.of(2), RestartPlan.affected(Strategy.SIMPLE_ONE_FOR_ONE, 3, 2));
    }

    @Test
    void restartTypes() {
        for (ExitReason orderly : List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("x"))) {
            assertTrue(RestartType.PERMANENT.restartsAfter(orderly));
            assertFalse(RestartType.TRANSIENT.restartsAfter(orderly));
            assertFalse(RestartType.TEMPORARY.restartsAfter(orderly));
        }
        assertTrue(RestartType.TRANSIENT.restartsAfter(ExitReason.error("crash")));
        assertTrue(RestartType.TRANSIENT.restartsAfter(ExitReason.KILLED));
        assertFalse(RestartType.TEMPORARY.restartsAfter(ExitReason.error("crash")));
    }
}
