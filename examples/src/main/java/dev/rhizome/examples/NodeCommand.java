package dev.rhizome.examples;

import dev.rhizome.membership.Rhizome;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.config.OverlayConfig;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import dev.rhizome.overlay.config.OverlayConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rhizome node}: runs one node in the foreground until SIGINT or SIGTERM, then leaves the
 * cluster gracefully. Settings come from {@code --config FILE} first, then {@code --set key=value},
 * then the named flags; every flag is the properties-file setting of the same name.
 */
@Command(name = "node", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Runs one node in the foreground until SIGINT/SIGTERM, then leaves gracefully.",
                "Prints one 'EVENT ...' line per membership or channel event on stdout; logs go to stderr."},
        footer = {"", "Exit status: 0 after 'quit' or end of stdin (with --stdin-commands);",
                "130/143 after SIGINT/SIGTERM, having left gracefully; 1 failed to start;",
                "2 invalid setting (the message names it).",
                "Every setting of docs/configuration.md can be given with --set or in --config."})
final class NodeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "Node name, unique in the cluster (setting: name).")
    String name;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 for an ephemeral one (setting: port, default 0).")
    String port;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on and announce (setting: host, default 127.0.0.1).")
    String host;

    @Option(names = "--seeds", paramLabel = "HOST:PORT[,...]", description = "Nodes to join through (setting: seeds).")
    String seeds;

    @Option(names = "--topology", paramLabel = "NAME",
            description = "Topology: fullmesh, hyparview, client-server or static (setting: topology, default fullmesh).")
    String topology;

    @Option(names = "--role", paramLabel = "client|server",
            description = "Role in the client-server topology (setting: client-server.role).")
    String role;

    @Option(names = "--jmx-port", paramLabel = "PORT", description = "Start a remote JMX connector on HOST:PORT (setting: jmx-port).")
    String jmxPort;

    @Option(names = "--cookie-file", paramLabel = "FILE", description = "File holding the cluster secret (setting: cookie-file, default ~/.rhizome/cookie).")
    String cookieFile;

    @Option(names = "--cookie", paramLabel = "SECRET", description = "The cluster secret itself (setting: cookie).")
    String cookie;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster name (setting: cluster, default rhizome).")
    String cluster;

    @Option(names = "--channels", paramLabel = "NAME[:N],...", description = "Channels besides 'default', with optional parallelism (setting: channels).")
    String channels;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings, applied first.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set heartbeat-interval-ms=100 (repeatable).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--stdin-commands", description = "Read commands from stdin (send, stats, members, leave, quit; 'help' lists them). "
            + "End of input stops the node.")
    boolean stdinCommands;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        OverlayConfig config;
        Overlay overlay;
        try {
            config = buildConfig();
            overlay = Rhizome.start(config);
        } catch (ConfigException e) {
            err.println("rhizome node: " + e.getMessage());
            err.flush();
            return Main.EXIT_CONFIG;
        }
        NodeConsole console = new NodeConsole(overlay, config, out);
        Runtime.getRuntime().addShutdownHook(new Thread(console::stop, "rhizome-shutdown"));
        console.start();
        if (stdinCommands) {
            Thread reader = new Thread(() -> {
                console.runCommands(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
                System.exit(0); // end of input or 'quit': leave gracefully through the shutdown hook
            }, "rhizome-stdin");
            reader.setDaemon(true);
            reader.start();
        }
        // Runs until a signal (the hook leaves gracefully; exit status 128+signal, e.g. 143 for SIGTERM)
        // or, with --stdin-commands, until 'quit' or end of input (exit status 0).
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The configuration: the file, then {@code --set}, then the named flags. */
    OverlayConfig buildConfig() {
        OverlayConfigBuilder builder = configFile != null
                ? OverlayConfigLoader.builder(configFile)
                : OverlayConfigLoader.builder(new Properties());
        sets.forEach(builder::set);
        setIfGiven(builder, "name", name);
        setIfGiven(builder, "host", host);
        setIfGiven(builder, "port", port);
        setIfGiven(builder, "cluster", cluster);
        setIfGiven(builder, "cookie", cookie);
        setIfGiven(builder, "cookie-file", cookieFile);
        setIfGiven(builder, "seeds", seeds);
        setIfGiven(builder, "topology", topology);
        setIfGiven(builder, "client-server.role", role);
        setIfGiven(builder, "jmx-port", jmxPort);
        setIfGiven(builder, "channels", channels);
        return builder.build();
    }

    private static void setIfGiven(OverlayConfigBuilder builder, String setting, String value) {
        if (value != null) {
            builder.set(setting, value);
        }
    }
}
