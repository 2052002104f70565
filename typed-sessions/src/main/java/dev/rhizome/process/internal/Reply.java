package dev.rhizome.process.internal;

/** A call's reply on its way to the caller's alias. */
record Reply(long tag, Object value) {}
