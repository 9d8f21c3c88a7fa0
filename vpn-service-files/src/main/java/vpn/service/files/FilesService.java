package vpn.service.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.server.FilesSettings;
import vpn.service.files.server.Sizes;
import vpn.service.files.server.ServedFolder;

/**
 * The server half: serves the folder given with {@code --files DIR} to the server's authenticated
 * users. Without {@code --files} it is installed but not offered.
 */
public final class FilesService implements Service {

    public static final String NAME = "files";

    static final String FILES = "--files";
    static final String READ_ONLY = "--files-read-only";
    static final String MAX_FILE_SIZE = "--max-file-size";

    private volatile ServedFolder folder;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return FilesProtocol.VERSION;
    }

    @Override
    public boolean needsUsers() {
        return true;
    }

    @Override
    public String description() {
        return "copies files to and from a served folder for the server's users: checksums, atomic writes, resume";
    }

    @Override
    public List<ServerOption> serverOptions() {
        return List.of(
                ServerOption.withValue(FILES, "DIR", "Serves the folder DIR to vpn put, get, ls, mkdir and rm; "
                        + "needs --authorized-keys."),
                ServerOption.flag(READ_ONLY, "Refuses every change to the served folder: put, mkdir, rm."),
                ServerOption.withValue(MAX_FILE_SIZE, "SIZE", "The largest file a client may put, such as 10G "
                        + "(default: " + Sizes.format(FilesProtocol.DEFAULT_MAX_FILE_SIZE) + ")."));
    }

    @Override
    public Optional<String> configure(ServerSettings settings) throws ConfigurationException {
        Optional<String> dir = settings.value(FILES);
        if (dir.isEmpty()) {
            if (settings.flag(READ_ONLY) || settings.value(MAX_FILE_SIZE).isPresent()) {
                throw new ConfigurationException(READ_ONLY + " and " + MAX_FILE_SIZE + " need " + FILES + " DIR");
            }
            return Optional.of("this server runs without " + FILES);
        }
        if (!settings.hasUsers()) {
            throw new ConfigurationException(FILES + " needs --authorized-keys: anonymous writes are not offered");
        }
        Path root = Path.of(dir.get());
        if (!Files.isDirectory(root)) {
            throw new ConfigurationException(FILES + " " + dir.get() + ": "
                    + (Files.exists(root) ? "not a directory" : "no such directory"));
        }
        long maxFileSize;
        try {
            maxFileSize = settings.value(MAX_FILE_SIZE).map(Sizes::parse).orElse(FilesProtocol.DEFAULT_MAX_FILE_SIZE);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(MAX_FILE_SIZE + ": " + e.getMessage());
        }
        try {
            folder = new ServedFolder(new FilesSettings(root, settings.flag(READ_ONLY), maxFileSize), Clock.systemUTC());
        } catch (IOException e) {
            throw new ConfigurationException(FILES + " " + dir.get() + ": " + e.getMessage());
        }
        sweepPartialsNowAndDaily(folder);
        return Optional.empty();
    }

    /** The sweeps run on one daemon thread, so they never hold the server up or keep it alive. */
    private static void sweepPartialsNowAndDaily(ServedFolder folder) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "files-partial-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long every = FilesProtocol.PARTIAL_SWEEP_EVERY.toMinutes();
        sweeper.scheduleWithFixedDelay(folder::sweepExpiredPartials, 0, every, TimeUnit.MINUTES);
    }

    @Override
    public SessionHandler open(ServiceSession session) {
        ServedFolder served = folder;
        if (served == null) {
            throw new IllegalStateException("the file service was not configured with " + FILES);
        }
        return served.open(session);
    }
}
