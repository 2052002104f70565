package dev.rhizome.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The benchmarks' message layout, the same for every system measured (Rhizome, raw Netty, Pekko, and
 * the Erlang child of {@code bench peers}):
 * {@code [type:1][a:8 big-endian][b:8 big-endian][zero padding up to the message size]}.
 */
public final class Msg {

    public static final int DATA = 1;    // a = sequence number
    public static final int ACK = 2;     // a = cumulative count received
    public static final int FIN = 3;     // a = count sent
    public static final int FINACK = 4;  // a = count received, b = out-of-order count
    public static final int PING = 5;    // a = sequence number (-1: handshake), b = send time (client's nanoTime)
    public static final int PONG = 6;    // echo of PING
    public static final int BULK = 7;    // an 8 MiB message to the bulk receiver (bench peers, W3)
    public static final int BULKACK = 8; // a = bulk messages received

    public static final int HEADER = 17;
    /** Data, ping and pong messages are this big (the payload handed to the system under test). */
    public static final int PAYLOAD = 100;
    /** Acks and fin messages carry only the header. */
    public static final int SMALL = HEADER;
    /** The size of one bulk message in {@code bench peers}' W3. */
    public static final int BULK_BYTES = 8 << 20;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Msg() {}

    /** A message of {@code size} bytes (at least {@link #HEADER}) with the given header. */
    public static byte[] encode(int type, long a, long b, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = (byte) type;
        LONG.set(bytes, 1, a);
        LONG.set(bytes, 9, b);
        return bytes;
    }

    /** The message's type. */
    public static int type(byte[] bytes) {
        return bytes[0];
    }

    /** The header's first field. */
    public static long a(byte[] bytes) {
        return (long) LONG.get(bytes, 1);
    }

    /** The header's second field. */
    public static long b(byte[] bytes) {
        return (long) LONG.get(bytes, 9);
    }
}
