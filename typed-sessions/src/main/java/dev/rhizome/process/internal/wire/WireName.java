package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/** Cluster registry replication: {@code name} is now held by {@code pid} ({@code add}) or released. */
@Proto
public record WireName(String name, WirePid pid, boolean add) {}
