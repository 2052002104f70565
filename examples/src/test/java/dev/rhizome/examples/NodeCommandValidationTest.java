package dev.rhizome.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rhizome node} with an invalid setting exits 2 with one message naming the setting, and no stack trace. */
class NodeCommandValidationTest {

    private static final String COOKIE = "--cookie=validation-test-secret";

    private record Result(int code, String out, String err) {}

    /** Runs the command line in this JVM (it returns at once for an invalid setting). */
    private static Result run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Result(code, out.toString(), err.toString());
        }, "the node started instead of refusing its settings");
    }

    private static void assertRefused(Result result, String setting) {
        assertAll(
                () -> assertEquals(2, result.code(), "exit code; stderr: " + result.err()),
                () -> assertTrue(result.err().contains("invalid setting '" + setting + "'"),
                        "stderr should name '" + setting + "': " + result.err()),
                () -> assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err()),
                () -> assertFalse(result.out().contains("EVENT STARTED"), "must not start: " + result.out()));
    }

    @Test
    void portOutOfRange() {
        assertRefused(run("node", "--name", "v", "--port", "70000", COOKIE), "port");
    }

    @Test
    void portNotANumber() {
        assertRefused(run("node", "--name", "v", "--port", "seventy", COOKIE), "port");
    }

    @Test
    void seedHostThatDoesNotResolve() {
        assertRefused(run("node", "--name", "v", "--port", "0", "--seeds", "nosuchhost.invalid:1", COOKIE), "seeds");
    }

    @Test
    void unreadableCookieFile(@TempDir Path temp) {
        Path missing = temp.resolve("no-such-dir").resolve("cookie");
        assertRefused(run("node", "--name", "v", "--port", "0", "--cookie-file", missing.toString()), "cookie-file");
        // A directory cannot be read as a file, even by root.
        assertRefused(run("node", "--name", "v", "--port", "0", "--cookie-file", temp.toString()), "cookie-file");
    }

    @Test
    void portAlreadyInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertRefused(run("node", "--name", "v", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()), COOKIE), "port");
        }
    }

    @Test
    void unknownSettingAndMissingName() {
        assertRefused(run("node", "--name", "v", "--set", "no-such-setting=1", COOKIE), "no-such-setting");
        assertRefused(run("node", "--port", "0", COOKIE), "name");
        assertRefused(run("node", "--name", "v", "--topology", "ring", COOKIE), "topology");
        assertRefused(run("node", "--name", "v", "--role", "client", COOKIE), "client-server.role");
        assertRefused(run("node", "--name", "v", "--topology", "client-server", "--role", "boss", COOKIE),
                "client-server.role");
        assertRefused(run("node", "--name", "v", "--topology", "hyparview", "--set", "hyparview.active-size=0", COOKIE),
                "hyparview.active-size");
    }

    @Test
    void configFileIsReadAndFlagsOverrideIt(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("node.properties");
        Files.writeString(file, "name = from-file\nport = 99999\n", StandardCharsets.UTF_8);
        assertRefused(run("node", "--config", file.toString(), COOKIE), "port");
        // --port overrides the file's invalid port, so the next problem is the file's bad channel.
        Files.writeString(file, "name = from-file\nport = 99999\nchannels = a:0\n", StandardCharsets.UTF_8);
        assertRefused(run("node", "--config", file.toString(), "--port", "0", COOKIE), "channels");
    }

    /** The real thing: a separate JVM exits with status 2 and prints one line naming the setting. */
    @Test
    void separateJvmExitsWithStatusTwo(@TempDir Path temp) throws Exception {
        List<String> command = new ArrayList<>(List.of(Jvm.javaBinary()));
        command.addAll(Jvm.defaultOptions());
        command.addAll(List.of("-cp", Jvm.classPath(), Main.class.getName(),
                "node", "--name", "v", "--port", "70000", COOKIE));
        Path output = temp.resolve("out.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(exited, "did not exit:\n" + text);
        assertEquals(2, process.exitValue(), text);
        assertEquals(1, text.strip().lines().count(), "one line, no stack trace:\n" + text);
        assertTrue(text.startsWith("rhizome node: invalid setting 'port': "), text);
    }
}
