package dev.rhizome.statictopology.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A batch of announcements: the whole database for a new neighbour, or the news to pass on.
 *
 * @param states the announcements
 */
@Proto
public record LinkStates(List<LinkState> states) {}
