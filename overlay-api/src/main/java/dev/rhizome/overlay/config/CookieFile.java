package dev.rhizome.overlay.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The shared cluster secret on disk, like Erlang's {@code ~/.erlang.cookie}: by default
 * {@code ~/.rhizome/cookie}, created with mode 600 and a random value when it does not exist.
 */
public final class CookieFile {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int GENERATED_LENGTH = 32;

    private CookieFile() {}

    /** {@code ~/.rhizome/cookie}. */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".rhizome", "cookie");
    }

    /**
     * Reads the secret at {@code path}. If it is missing and {@code createIfMissing}, writes a new random
     * one with mode 600 first.
     *
     * @throws ConfigException naming {@code cookie-file} if it cannot be read, created, or is empty
     */
    public static byte[] read(Path path, boolean createIfMissing) {
        try {
            if (createIfMissing && !Files.exists(path)) {
                create(path);
            }
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new ConfigException("cookie-file", "'" + path + "' is empty");
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cookie-file", "cannot read '" + path + "': " + e, e);
        }
    }

    private static void create(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SecureRandom random = new SecureRandom();
        StringBuilder cookie = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            cookie.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return; // another node on this machine created it first; use theirs
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(path);
        }
        Files.writeString(path, cookie + "\n", StandardCharsets.UTF_8);
    }
}
