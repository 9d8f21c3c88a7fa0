package vpn.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The built distribution folder (vpn-dist/target/vpn) and ways to launch what is in it. */
final class Dist {

    static final Path HOME = Path.of(System.getProperty("vpn.dist", "../vpn-dist/target/vpn")).toAbsolutePath().normalize();
    static final Path LIB = HOME.resolve("lib");
    static final Path CIPHERS = HOME.resolve("ciphers");
    static final Path SERVICES = HOME.resolve("services");
    static final Path LAUNCHER = HOME.resolve("bin/vpn");
    static final String MAIN = "vpn.app/vpn.app.Main";

    /** Where the launched processes' home folders go. */
    private static final Path HOMES = Path.of("target", "it-homes").toAbsolutePath();

    /**
     * A fresh home folder for one launched process: its server key and known-hosts file go there,
     * never into the real user's home, and no pin outlives the process. (Ports are reused: a pin
     * left by one test's server would refuse a later server on the same port.) Tests that need a
     * pin to persist pass --known-hosts and --key-file themselves.
     */
    static Path freshHome() {
        try {
            return Files.createTempDirectory(Files.createDirectories(HOMES), "home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Dist() {
    }

    static final Path EXTRAS = HOME.resolve("extras");

    /** A server launched from the distribution on a free port of 127.0.0.1, and that port. */
    record Server(VpnProcess process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    /** {@code bin/vpn server --host 127.0.0.1 --port 0 EXTRA...}, once it listens. */
    static Server server(String... extra) throws Exception {
        return listening(launch(serverArgs(extra)));
    }

    /** {@link #server(String...)} with {@code userHome} as its home: a test's temporary folder, so that nothing is left. */
    static Server server(Path userHome, String... extra) throws Exception {
        return listening(launch(userHome, serverArgs(extra)));
    }

    private static String[] serverArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("server", "--host", "127.0.0.1", "--port", "0"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static Server listening(VpnProcess process) throws InterruptedException {
        return new Server(process, process.awaitListeningPort());
    }

    /** {@code bin/vpn ARGS}, as a user runs it. */
    static VpnProcess launch(String... args) throws IOException {
        return launchFrom(HOME, Map.of(), args);
    }

    /** {@code bin/vpn ARGS} with {@code userHome} as its home instead of a fresh one under target/. */
    static VpnProcess launch(Path userHome, String... args) throws IOException {
        return launchFrom(HOME, Map.of("VPN_JAVA_OPTS", "-Duser.home=" + userHome), args);
    }

    /** {@code HOME/bin/vpn ARGS} of a given deployment, with extra environment variables. */
    static VpnProcess launchFrom(Path home, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/vpn").toString()));
        command.addAll(List.of(args));
        Map<String, String> withHome = new java.util.HashMap<>(environment);
        // Only when none is given: a fresh home is a folder made under target/.
        withHome.computeIfAbsent("VPN_JAVA_OPTS", options -> "-Duser.home=" + freshHome());
        return VpnProcess.start(command, withHome);
    }

    /**
     * A copy of the distribution under {@code parent}, as an operator would deploy it, with
     * {@code dropIns} copied into its ciphers/ folder. Returns the copy's home.
     */
    static Path deployment(Path parent, Path... dropIns) throws IOException {
        Path home = parent.resolve("vpn");
        for (String folder : List.of("bin", "lib", "ciphers", "services")) {
            Files.createDirectories(home.resolve(folder));
            for (String file : list(HOME.resolve(folder))) {
                Files.copy(HOME.resolve(folder).resolve(file), home.resolve(folder).resolve(file),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (Path jar : dropIns) {
            Files.copy(jar, home.resolve("ciphers").resolve(jar.getFileName()));
        }
        return home;
    }

    /** The plain form: {@code java --module-path lib:CIPHERS:services --module vpn.app/vpn.app.Main ARGS}. */
    static VpnProcess onModulePath(Path cipherFolder, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Duser.home=" + freshHome(), "--module-path",
                LIB + java.io.File.pathSeparator + cipherFolder + java.io.File.pathSeparator + SERVICES,
                "--module", MAIN));
        command.addAll(List.of(args));
        return VpnProcess.start(command, Map.of());
    }

    /**
     * The plain form with plugin folders as well, as a user who both puts cipher jars on the module
     * path and names plugin folders would run it: {@code java -Dvpn.cipher.path=PLUGINCIPHERS
     * -Dvpn.service.path=PLUGINSERVICES --module-path lib:CIPHERS:services --module vpn.app/vpn.app.Main ARGS}.
     */
    static VpnProcess onModulePathWithPlugins(Path cipherFolder, Path pluginCiphers, Path pluginServices,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Duser.home=" + freshHome(),
                "-Dvpn.cipher.path=" + pluginCiphers, "-Dvpn.service.path=" + pluginServices, "--module-path",
                LIB + java.io.File.pathSeparator + cipherFolder + java.io.File.pathSeparator + SERVICES,
                "--module", MAIN));
        command.addAll(List.of(args));
        return VpnProcess.start(command, Map.of());
    }

    /** A fresh folder holding only the named cipher jars from the distribution (e.g. "cipher-des"). */
    static Path cipherFolder(Path parent, String... jars) {
        try {
            Path folder = Files.createTempDirectory(parent, "ciphers");
            for (String jar : jars) {
                Files.copy(CIPHERS.resolve(jar + ".jar"), folder.resolve(jar + ".jar"));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The java of the JVM running the tests: a JDK >= 21, found by ./run-tests. */
    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
