package dev.rhizome.bench.peers;

/**
 * One end of a benchmarked pair in a JVM child, hiding which system carries the messages. There are
 * two destinations: the small path (data, acks, pings: Rhizome channel {@code peers}, Pekko actor
 * {@code /user/counter}, Netty's first connection) and the bulk path (Rhizome channel {@code bulk},
 * Pekko actor {@code /user/bulk}, Netty's second connection). Replies always take the small path.
 */
abstract class PeerLink implements AutoCloseable {

    /** Receives decoded messages, on the system's delivery thread (I/O thread or actor). */
    interface Handler {
        void onMessage(int type, long a, long b);
    }

    protected volatile Handler handler = (type, a, b) -> {};

    void handler(Handler handler) {
        this.handler = handler;
    }

    /** Sends one message of {@code size} bytes on the small path (Netty: written, flushed by {@link #flush}). */
    abstract void send(int type, long a, long b, int size);

    /** Sends one {@link dev.rhizome.bench.Msg#BULK_BYTES} message to the bulk receiver; callable from any thread. */
    abstract void sendBulk();

    /** Flushes what {@link #send} wrote where the system leaves flushing to the caller. */
    abstract void flush();

    /** Runs {@code task} where {@link Handler} callbacks run (event loop, actor), or on the caller. */
    abstract void execute(Runnable task);

    /** A one-line description of the system's settings, for the report. */
    abstract String describe();

    @Override
    public abstract void close();
}
