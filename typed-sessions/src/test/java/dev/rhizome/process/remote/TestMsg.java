package dev.rhizome.process.remote;

/** The test processes' protocol. */
public sealed interface TestMsg permits Ping, Echo {}
