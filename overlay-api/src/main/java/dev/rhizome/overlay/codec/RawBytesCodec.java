package dev.rhizome.overlay.codec;

/** Codec 0: the payload is the bytes themselves. */
public final class RawBytesCodec implements PayloadCodec {

    public static final int ID = 0;

    @Override
    public int id() {
        return ID;
    }

    @Override
    public boolean canEncode(Object message) {
        return message instanceof byte[];
    }

    @Override
    public byte[] encode(Object message) {
        if (message instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalArgumentException("raw codec takes byte[], not " + message.getClass().getName());
    }

    @Override
    public Object decode(byte[] bytes) {
        return bytes;
    }
}
