package dev.rhizome.clientserver.wire;

import dev.rhizome.overlay.wire.WireNode;
import java.util.List;
import org.infinispan.protostream.annotations.Proto;

/**
 * A server's announcement of the clients it hosts and the servers it is connected to.
 *
 * @param server   the announcing server
 * @param sequence grows with each announcement of that incarnation; the newest wins
 * @param clients  the clients it hosts
 * @param servers  the servers it has a live connection to, so others can dial them (full mesh)
 */
@Proto
public record Hosting(WireNode server, long sequence, List<HostedClient> clients, List<WireNode> servers) {}
