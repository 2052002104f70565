package dev.rhizome.process.supervisor.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * OTP's restart intensity ({@code add_restart/1}): each restart records the time in whole seconds;
 * timestamps are kept while {@code now <= then + period}; more kept than {@code intensity} means the
 * limit is exceeded. Pure: time comes in as an argument.
 */
public final class RestartIntensity {

    private final int intensity;
    private final int period;
    private final Deque<Long> restarts = new ArrayDeque<>();

    public RestartIntensity(int intensity, int periodSeconds) {
        this.intensity = intensity;
        this.period = periodSeconds;
    }

    /** Records a restart at {@code nowSeconds}; false if that exceeds the intensity. */
    public boolean addRestart(long nowSeconds) {
        restarts.addFirst(nowSeconds);
        restarts.removeIf(then -> nowSeconds > then + period);
        return restarts.size() <= intensity;
    }

    /** Restarts currently inside the window. */
    public int recent() {
        return restarts.size();
    }
}
