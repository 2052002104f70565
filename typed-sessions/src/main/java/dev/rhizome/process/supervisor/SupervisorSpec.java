package dev.rhizome.process.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A supervisor's flags and children. Defaults follow OTP: one_for_one, intensity 1, period 5 seconds.
 * More than {@code intensity} restarts within {@code periodSeconds} makes the supervisor stop all its
 * children and exit with {@code shutdown}.
 *
 * @param strategy      which children restart together
 * @param intensity     restarts allowed within the period, at least 0
 * @param periodSeconds the window in whole seconds, at least 1
 * @param children      the children, started in this order and stopped in reverse; for
 *                      simple_one_for_one exactly one template
 * @param clockSeconds  monotonic time in whole seconds (injected for tests)
 * @param autoShutdown  whether significant children ending shut the supervisor down
 */
public record SupervisorSpec(Strategy strategy, int intensity, int periodSeconds, List<ChildSpec> children,
        LongSupplier clockSeconds, AutoShutdown autoShutdown) {

    /** OTP 24's {@code auto_shutdown}. */
    public enum AutoShutdown {
        /** Significant children are not allowed; the default. */
        NEVER,
        /** Shut down when any significant child exits without being restarted. */
        ANY_SIGNIFICANT,
        /** Shut down when the last significant child has exited without being restarted. */
        ALL_SIGNIFICANT
    }

    /** Monotonic seconds, as {@code erlang:monotonic_time(1)}. */
    public static final LongSupplier MONOTONIC_SECONDS = () -> System.nanoTime() / 1_000_000_000L;

    public SupervisorSpec {
        if (intensity < 0) {
            throw new IllegalArgumentException("intensity must be an integer >= 0, not " + intensity);
        }
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("period must be an integer > 0 seconds, not " + periodSeconds);
        }
        children = List.copyOf(children);
        if (strategy == Strategy.SIMPLE_ONE_FOR_ONE && children.size() != 1) {
            throw new IllegalArgumentException("simple_one_for_one needs exactly one child spec, not " + children.size());
        }
        if (autoShutdown == AutoShutdown.NEVER && children.stream().anyMatch(ChildSpec::significant)) {
            throw new IllegalArgumentException("significant children need auto_shutdown any or all");
        }
        if (children.stream().map(ChildSpec::id).distinct().count() != children.size()) {
            throw new IllegalArgumentException("child ids must be unique");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SupervisorSpec}. */
    public static final class Builder {
        private Strategy strategy = Strategy.ONE_FOR_ONE;
        private int intensity = 1;
        private int period = 5;
        private final List<ChildSpec> children = new ArrayList<>();
        private LongSupplier clock = MONOTONIC_SECONDS;
        private AutoShutdown autoShutdown = AutoShutdown.NEVER;

        public Builder autoShutdown(AutoShutdown mode) {
            autoShutdown = mode;
            return this;
        }

        public Builder strategy(Strategy s) {
            strategy = s;
            return this;
        }

        public Builder intensity(int restarts, int periodSeconds) {
            intensity = restarts;
            period = periodSeconds;
            return this;
        }

        public Builder child(ChildSpec child) {
            children.add(child);
            return this;
        }

        public Builder clock(LongSupplier seconds) {
            clock = seconds;
            return this;
        }

        public SupervisorSpec build() {
            return new SupervisorSpec(strategy, intensity, period, children, clock, autoShutdown);
        }
    }
}
