package org.strokekg.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.StartupException;

/**
 * The embedded Neo4j's password: generated once (24 random bytes, 32 characters), kept in a file of the data directory
 * that only its owner may read, and read again at every start. The file is the truth: {@link GraphServer} sets the
 * password from it at every start, so deleting the file gives the graph a new password on the next start.
 *
 * @param user      always {@code neo4j}, Neo4j Community's one user
 * @param password  the secret; never logged
 * @param file      where it is kept
 * @param generated true when this start made it (an operator is told once where it is)
 */
public record GraphPassword(String user, String password, Path file, boolean generated) {

    private static final Logger log = LoggerFactory.getLogger(GraphPassword.class);

    /** The password file's name inside the data directory. */
    public static final String FILE_NAME = "neo4j-password";
    static final String USER = "neo4j";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    public GraphPassword {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return "GraphPassword[" + user + ", " + file + "]"; // never the password itself
    }

    /** Reads the password kept in {@code dataDir}, or makes and keeps a new one. */
    static GraphPassword inDataDir(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                ownerOnly(file);
                String password = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (password.length() < 8) {
                    throw new StartupException(StartupException.Kind.DATA_DIR, file + " holds no password of at "
                            + "least 8 characters: delete it and a new one is made at the next start");
                }
                return new GraphPassword(USER, password, file, false);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            if (posix()) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("generated the embedded Neo4j's password, kept in {} (readable by its owner only)", file);
            return new GraphPassword(USER, password, file, true);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.DATA_DIR, "cannot keep the graph password in " + file
                    + ": " + e.getMessage(), e);
        }
    }

    /** A file another user could read is put right, and said so. */
    private static void ownerOnly(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            log.warn("{} was readable by others: now readable by its owner only", file);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
