package dev.rhizome.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start another JVM like this one: the same {@code java} binary and suitable options. */
public final class Jvm {

    private Jvm() {}

    /** The {@code java} binary running this JVM. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(command -> Files.isExecutable(Path.of(command)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Options for a small, quick-starting node JVM. On JDK 24 and newer, also the flags that silence
     * the native-access and {@code sun.misc.Unsafe} warnings of Netty and ProtoStream.
     */
    public static List<String> defaultOptions() {
        List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-Xss512k", "-XX:-UsePerfData"));
        if (Runtime.version().feature() >= 24) {
            options.add("--enable-native-access=ALL-UNNAMED");
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    /** This JVM's class path (under Surefire, the real test class path rather than its booter jar). */
    public static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
