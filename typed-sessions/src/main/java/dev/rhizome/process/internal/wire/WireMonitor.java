package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * Installs ({@code demonitor} false) or removes a monitor held by {@code owner} on {@code target}, or,
 * when {@code name} is set, on the process registered under that name on the receiving node (resolved
 * once).
 */
@Proto
public record WireMonitor(WirePid owner, long refId, WirePid target, boolean demonitor, String name) {}
