package dev.rhizome.process.supervisor.internal;

import dev.rhizome.process.supervisor.Strategy;
import java.util.List;
import java.util.stream.IntStream;

/** Which children a strategy restarts when the child at {@code failed} exits. Pure. */
public final class RestartPlan {

    private RestartPlan() {}

    /**
     * The positions (in start order) to restart; all but {@code failed} must first be terminated in
     * reverse order.
     */
    public static List<Integer> affected(Strategy strategy, int childCount, int failed) {
        return switch (strategy) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> List.of(failed);
            case ONE_FOR_ALL -> IntStream.range(0, childCount).boxed().toList();
            case REST_FOR_ONE -> IntStream.range(failed, childCount).boxed().toList();
        };
    }
}
