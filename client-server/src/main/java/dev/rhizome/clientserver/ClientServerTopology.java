package dev.rhizome.clientserver;

import dev.rhizome.overlay.spi.Protocol;
import dev.rhizome.overlay.spi.ProtocolContext;
import dev.rhizome.overlay.spi.Topology;
import java.util.Map;
import java.util.Set;

/** The {@code client-server} topology: a full mesh of servers, clients attached to one server each. */
public final class ClientServerTopology implements Topology {

    /** The name users choose it by. */
    public static final String NAME = "client-server";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> settingNames() {
        return ClientServerSettings.OWN;
    }

    @Override
    public void validate(Map<String, String> settings) {
        ClientServerSettings.from(settings);
    }

    @Override
    public Protocol create(ProtocolContext context) {
        return new ClientServerProtocol(context);
    }
}
