package dev.rhizome.channels;

import dev.rhizome.channels.wire.ControlCodec;
import dev.rhizome.channels.wire.ControlMessage;
import dev.rhizome.channels.wire.FrameType;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.Refuse;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;

/** A plain java.net.Socket that speaks (or breaks) the wire protocol by hand. */
final class RawPeer implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawPeer(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes a frame with the given header values around {@code body}. */
    void writeFrame(int version, byte type, byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(Frames.LENGTH_BYTES + Frames.HEADER_BYTES + body.length);
        frame.putInt(Frames.HEADER_BYTES + body.length).put((byte) version).put(type).put((byte) 0).put(body);
        write(frame.array());
    }

    void writeMessage(int version, ControlMessage message) throws IOException {
        writeFrame(version, ControlCodec.typeOf(message), ControlCodec.encode(message));
    }

    /** Reads until the server closes; returns everything it sent. */
    byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        for (int i = 0; i < 100_000; i++) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            all.write(chunk, 0, n);
        }
        return all.toByteArray();
    }

    /** The reason of the first REFUSE frame in {@code bytes}, or {@code null}. */
    static String refusalIn(byte[] bytes) throws IOException {
        DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            for (int i = 0; i < 16; i++) {
                int length = data.readInt();
                byte[] frame = new byte[length];
                data.readFully(frame);
                if (frame[Frames.TYPE_OFFSET] == FrameType.REFUSE) {
                    Refuse refuse = (Refuse) ControlCodec.decode(FrameType.REFUSE,
                            Unpooled.wrappedBuffer(frame, Frames.HEADER_BYTES, length - Frames.HEADER_BYTES));
                    return refuse.reason();
                }
            }
        } catch (EOFException end) {
            return null;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
