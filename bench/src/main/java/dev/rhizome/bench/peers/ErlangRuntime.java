package dev.rhizome.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds Distributed Erlang for the benchmark: {@code erl} on the PATH, or installs Debian's
 * {@code erlang-nox} with apt-get (saying so); compiles {@code peers_bench.erl} from the jar with
 * {@code erlc}; stops the {@code epmd} daemon afterwards if it was this run that started it.
 */
final class ErlangRuntime {

    private static final String MODULE = "peers_bench";

    private final Path ebin;
    private final boolean epmdWasRunning;

    private ErlangRuntime(Path ebin, boolean epmdWasRunning) {
        this.ebin = ebin;
        this.epmdWasRunning = epmdWasRunning;
    }

    /** Thrown when Erlang cannot be found, installed or compiled for; the run goes on without it. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Makes {@code erl} available (apt-get if missing) and compiles the child into {@code dir}. */
    static ErlangRuntime prepare(Path dir, Consumer<String> progress) throws Unavailable, InterruptedException {
        if (which("erl") == null || which("erlc") == null) {
            progress.accept("erl not found: installing Debian's erlang-nox with 'apt-get install -y erlang-nox'");
            int rc = run(List.of("apt-get", "install", "-y", "erlang-nox"), 600, progress);
            if (rc != 0) {
                progress.accept("apt-get install failed (exit " + rc + "): running 'apt-get update' and trying once more");
                run(List.of("apt-get", "update"), 300, progress);
                rc = run(List.of("apt-get", "install", "-y", "erlang-nox"), 600, progress);
            }
            if (rc != 0 || which("erl") == null) {
                throw new Unavailable("erlang-nox could not be installed with apt-get (exit " + rc + ")");
            }
            progress.accept("erlang-nox installed: " + which("erl"));
        }
        Path ebin = dir.resolve("ebin");
        try {
            Files.createDirectories(ebin);
            Path source = dir.resolve(MODULE + ".erl");
            try (InputStream in = ErlangRuntime.class.getResourceAsStream("/peers/" + MODULE + ".erl")) {
                if (in == null) {
                    throw new Unavailable("peers/" + MODULE + ".erl is missing from the jar");
                }
                Files.copy(in, source);
            }
            int rc = run(List.of("erlc", "-o", ebin.toString(), source.toString()), 120, progress);
            if (rc != 0) {
                throw new Unavailable("erlc failed on " + source + " (exit " + rc + ")");
            }
        } catch (IOException e) {
            throw new Unavailable("cannot compile the Erlang child: " + e);
        }
        boolean epmd = run(List.of("epmd", "-names"), 10, line -> { }) == 0;
        return new ErlangRuntime(ebin, epmd);
    }

    /** The command line of one Erlang node ({@code role} server or client). */
    List<String> command(String nodeName, String cookie, String role, String arg) {
        return List.of("erl", "-noshell", "-name", nodeName + "@127.0.0.1", "-setcookie", cookie,
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "-pa", ebin.toString(), "-run", MODULE, role, arg);
    }

    /** Stops epmd if it was not running before this run started it. */
    void close(Consumer<String> progress) throws InterruptedException {
        if (!epmdWasRunning) {
            progress.accept("stopping the epmd daemon that the Erlang nodes started (epmd -kill)");
            run(List.of("epmd", "-kill"), 10, line -> { });
        }
    }

    private static Path which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs a command with its output passed line by line to {@code out}; -1 if it cannot start or times out. */
    static int run(List<String> command, long timeoutSec, Consumer<String> out) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                    List<String> lines = new ArrayList<>();
                    String line;
                    while ((line = r.readLine()) != null && lines.size() < 100_000) {
                        out.accept("  " + command.get(0) + ": " + line);
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // process gone
                }
            });
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                out.accept(String.join(" ", command) + " did not finish within " + timeoutSec + " s: killed");
                return -1;
            }
            reader.join(2000);
            return p.exitValue();
        } catch (IOException e) {
            out.accept("cannot run " + String.join(" ", command) + ": " + e.getMessage());
            return -1;
        }
    }
}
