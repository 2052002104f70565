package dev.rhizome.process.internal.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * Anti-entropy for the cluster registry: every name the sending node's processes hold
 * ({@code names[i]} held by {@code pids[i]}). The receiver drops any other entry it has for that node.
 */
@Proto
public record WireNameSnapshot(List<String> names, List<WirePid> pids) {}
