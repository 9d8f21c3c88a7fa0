package vpn.core.keys;

import vpn.api.files.FileSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import vpn.api.service.User;

/**
 * The server's users, from an authorized-keys file that is followed as it changes: the server
 * need not restart to add or revoke a user. {@link #reloadIfChanged()} looks at the file's
 * modification time, size, identity (an editor that saves by renaming makes a new file) and
 * permissions (a {@code chmod} that fixes a refused file counts), and re-reads it if any changed;
 * {@link #startWatching} does so periodically on a daemon thread. Listeners learn which users'
 * keys a re-read removed, so that their sessions can be closed.
 *
 * <p>A re-read that fails (the file is gone, unsafe, or gives a key two names) keeps the users
 * read before and warns once; the next change is tried again. Lookups are thread-safe and cheap:
 * they read an immutable snapshot.
 */
public final class AuthorizedKeysFile implements UserDirectory, AutoCloseable {

    private final Path file;
    private final Consumer<String> warnings;
    private final List<Consumer<Set<User>>> removedListeners = new CopyOnWriteArrayList<>();
    private volatile AuthorizedKeys current;
    private Optional<Stamp> stamp; // guarded by this
    private ScheduledExecutorService watcher; // guarded by this

    /**
     * Reads {@code file} now.
     *
     * @param warnings told, one line each, of skipped lines and of re-reads that failed
     * @throws IOException if the file cannot be read, is unsafe, or gives one key two names: the
     *     server must not start on it; one line
     */
    public AuthorizedKeysFile(Path file, Consumer<String> warnings) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.stamp = Stamp.of(file);
        this.current = AuthorizedKeys.read(file, warnings);
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<User> find(byte[] publicKey) {
        return current.find(publicKey);
    }

    /** The line authorizing {@code publicKey} (its user and options), if any. */
    public Optional<AuthorizedKey> entry(byte[] publicKey) {
        return current.entry(publicKey);
    }

    public Set<User> users() {
        return current.users();
    }

    /** Calls {@code listener} with the users a re-read removed (never empty), on the thread that re-read. */
    public void onRemoved(Consumer<Set<User>> listener) {
        removedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Re-reads the file if it changed since it was last read.
     *
     * @return whether the users were replaced by a new reading
     */
    public synchronized boolean reloadIfChanged() {
        Optional<Stamp> now = Stamp.of(file);
        if (now.equals(stamp)) {
            return false;
        }
        stamp = now;
        AuthorizedKeys fresh;
        try {
            fresh = AuthorizedKeys.read(file, warnings);
        } catch (NoSuchFileException e) {
            warnings.accept("warning: " + file + " is gone; keeping the users read from it until it is back "
                    + "(an empty file removes them all)");
            return false;
        } catch (IOException e) {
            warnings.accept("warning: " + e.getMessage() + "; keeping the users of " + file + " read before");
            return false;
        }
        Set<User> removed = new HashSet<>(current.users());
        removed.removeAll(fresh.users());
        current = fresh;
        if (!removed.isEmpty()) {
            Set<User> gone = Set.copyOf(removed);
            removedListeners.forEach(listener -> listener.accept(gone));
        }
        return true;
    }

    /** Checks the file every {@code interval} on a daemon thread, until {@link #close()}. */
    public synchronized AuthorizedKeysFile startWatching(Duration interval) {
        if (watcher != null) {
            throw new IllegalStateException("already watching " + file);
        }
        watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "authorized-keys " + file.getFileName());
            thread.setDaemon(true); // never keeps the server's process alive
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::reloadQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** A listener's failure must not stop the watching: the next change still counts. */
    private void reloadQuietly() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            warnings.accept("warning: while re-reading " + file + ": " + e);
        }
    }

    /** Stops watching. */
    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** What tells that the file changed; empty when it is missing or cannot be looked at. */
    private record Stamp(FileTime modified, long size, Object fileKey, Set<PosixFilePermission> permissions) {

        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                Set<PosixFilePermission> permissions =
                        FileSafety.posix(file) ? Files.getPosixFilePermissions(file) : Set.of();
                return Optional.of(new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(),
                        permissions));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
