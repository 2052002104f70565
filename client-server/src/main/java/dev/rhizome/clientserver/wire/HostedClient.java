package dev.rhizome.clientserver.wire;

import dev.rhizome.overlay.wire.WireNode;
import org.infinispan.protostream.annotations.Proto;

/**
 * A client and the epoch of the attach that brought it to its server.
 *
 * @param client the client
 * @param epoch  the epoch of its attach
 */
@Proto
public record HostedClient(WireNode client, long epoch) {}
