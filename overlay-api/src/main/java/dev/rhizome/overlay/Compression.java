package dev.rhizome.overlay;

/** A channel's payload compression, one of Netty's own codecs (see {@link ChannelSpec#withCompression}). */
public enum Compression {
    /** Payloads go as they are. */
    NONE,
    /** Netty's {@code io.netty.handler.codec.compression.Snappy} block format. */
    SNAPPY
}
