package dev.rhizome.bench;

/**
 * One end of the benchmarked link, hiding whether it is Rhizome or raw Netty. The workload logic
 * ({@link ClientDriver}, {@link ServerLogic}) is shared, so both systems run exactly the same protocol.
 */
abstract class Endpoint implements AutoCloseable {

    /** Receives decoded benchmark messages, on the system's I/O thread. */
    interface Handler {
        void onMessage(int type, long a, long b);
    }

    protected volatile Handler handler = (type, a, b) -> {};

    void handler(Handler handler) {
        this.handler = handler;
    }

    /** Sends (Netty: writes without flushing) one message of {@code size} bytes. */
    abstract void send(int type, long a, long b, int size);

    /** Flushes what {@link #send} wrote (a no-op where the system flushes by itself). */
    abstract void flush();

    /** Runs {@code task} on the I/O thread if the system exposes one, else on the caller. */
    abstract void execute(Runnable task);

    /** Diagnostic state for error messages. */
    String describe() {
        return "";
    }

    /** Sends that the system reported as failed. */
    abstract long sendFailures();

    @Override
    public abstract void close();
}
