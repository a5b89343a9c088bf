package org.strokekg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.StartupException;

/**
 * The data directory, held by one StrokeKG process at a time: a lock file taken at once (so a second server or a CLI
 * command says in one line who holds it, instead of failing tens of seconds later inside Neo4j or Lucene), and access
 * for its owner only (the graph, the indexes and the graph's password file are nobody else's to read, whatever the
 * umask made of the files inside).
 */
final class DataDir implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataDir.class);
    static final String LOCK_FILE = "strokekg.lock";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final FileChannel channel;
    private final FileLock lock;

    private DataDir(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the directory if need be (owner only), restricts an existing one, and takes its lock. */
    static DataDir hold(Path dir) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createDirectories(dir);
                }
            } else if (posix && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
                log.info("data directory {} is now for its owner only (was open to others)", dir);
            }
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.DATA_DIR, "cannot use the data directory " + dir
                    + " (STROKEKG_DATA_DIR): " + e.getMessage(), e);
        }
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.DATA_DIR, "cannot write in the data directory " + dir
                    + " (STROKEKG_DATA_DIR): " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir, file, channel);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDir(channel, lock);
        } catch (OverlappingFileLockException e) {
            throw inUse(dir, file, channel);
        } catch (IOException e) {
            close(channel);
            throw new StartupException(StartupException.Kind.DATA_DIR, "cannot lock the data directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Removes what a process left in a scratch directory of the data directory (uploads a killed server spooled). */
    static void clear(Path scratch) {
        if (!Files.isDirectory(scratch)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(scratch)) {
            walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(scratch)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not clear {}: {}", scratch, e.toString());
        }
    }

    private static StartupException inUse(Path dir, Path file, FileChannel channel) {
        String holder = "";
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).strip();
            holder = pid.matches("\\d+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            // the message is clear enough without the process id
        }
        close(channel);
        return new StartupException(StartupException.Kind.DATA_DIR, "the data directory " + dir
                + " is in use by another StrokeKG process" + holder + ", a running server?: knowledge commands reach "
                + "a server over its API by themselves (DATA_DIR/server.json) or with --server URL; else stop it, or "
                + "give this command its own --data-dir");
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the lock file failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try (channel) {
            lock.release();
        } catch (IOException e) {
            log.warn("releasing the data directory lock failed: {}", e.toString());
        }
    }
}
