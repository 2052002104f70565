package dev.rhizome.process.internal;

/** A call's reply on its way to the caller's alias. */
record Reply(long tag, Object value, long releasedMonitor) {

    /** A reply with no monitor released on the server's side. */
    Reply(long tag, Object value) {
        this(tag, value, 0);
    }
}
