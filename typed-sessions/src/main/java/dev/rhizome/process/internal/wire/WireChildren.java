package dev.rhizome.process.internal.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/** The answer to {@code whichChildren} from a supervisor on another node, in start order. */
@Proto
public record WireChildren(List<WireChildInfo> children) {}
