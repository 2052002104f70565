package dev.rhizome.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The benchmark's message layout, the same for Rhizome and raw Netty:
 * {@code [type:1][a:8][b:8][zero padding up to the message size]}.
 */
final class Msg {

    static final int DATA = 1;    // a = sequence number
    static final int ACK = 2;     // a = cumulative count received
    static final int FIN = 3;     // a = count sent
    static final int FINACK = 4;  // a = count received, b = out-of-order count
    static final int PING = 5;    // a = sequence number (-1: handshake), b = send time (client's nanoTime)
    static final int PONG = 6;    // echo of PING

    static final int HEADER = 17;
    /** Data, ping and pong messages are this big (the payload handed to the system under test). */
    static final int PAYLOAD = 100;
    /** Acks and fin messages carry only the header. */
    static final int SMALL = HEADER;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Msg() {}

    static byte[] encode(int type, long a, long b, int size) {
        byte[] bytes = new byte[size];
        bytes[0] = (byte) type;
        LONG.set(bytes, 1, a);
        LONG.set(bytes, 9, b);
        return bytes;
    }

    static int type(byte[] bytes) {
        return bytes[0];
    }

    static long a(byte[] bytes) {
        return (long) LONG.get(bytes, 1);
    }

    static long b(byte[] bytes) {
        return (long) LONG.get(bytes, 9);
    }
}
