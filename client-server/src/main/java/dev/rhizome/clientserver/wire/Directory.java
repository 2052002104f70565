package dev.rhizome.clientserver.wire;

import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A server tells its clients the whole overlay: the announcement of every server it is connected to,
 * its own included.
 *
 * @param hostings one per live server
 */
@Proto
public record Directory(List<Hosting> hostings) {}
