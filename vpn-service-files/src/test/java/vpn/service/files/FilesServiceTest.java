package vpn.service.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.service.files.server.Sizes;

/** The service's options on {@code vpn server}: withheld without --files, refused without users. */
class FilesServiceTest {

    @TempDir
    Path temp;

    private static ServerSettings settings(Map<String, String> values, Set<String> flags, boolean hasUsers) {
        return new ServerSettings() {
            @Override
            public Optional<String> value(String option) {
                return Optional.ofNullable(values.get(option));
            }

            @Override
            public boolean flag(String option) {
                return flags.contains(option);
            }

            @Override
            public boolean hasUsers() {
                return hasUsers;
            }
        };
    }

    @Test
    void itIsTheFilesServiceForUsersWithThreeServerOptions() {
        FilesService service = new FilesService();
        assertEquals("files", service.name());
        assertEquals(1, service.version());
        assertTrue(service.needsUsers());
        assertEquals(java.util.List.of("--files", "--files-read-only", "--max-file-size"),
                service.serverOptions().stream().map(ServerOption::name).toList());
    }

    @Test
    void withoutFilesTheServiceIsWithheld() throws Exception {
        assertEquals(Optional.of("this server runs without --files"),
                new FilesService().configure(settings(Map.of(), Set.of(), true)));
    }

    @Test
    void filesWithoutUsersStopsTheServer() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new FilesService()
                .configure(settings(Map.of("--files", temp.toString()), Set.of(), false)));
        assertEquals("--files needs --authorized-keys: anonymous writes are not offered", e.getMessage());
    }

    @Test
    void theFolderMustBeADirectoryAndTheSizeASize() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertEquals("--files " + file + ": not a directory", assertThrows(ConfigurationException.class,
                () -> new FilesService().configure(settings(Map.of("--files", file.toString()), Set.of(), true)))
                .getMessage());
        assertEquals("--files " + temp.resolve("none") + ": no such directory", assertThrows(ConfigurationException.class,
                () -> new FilesService().configure(settings(Map.of("--files", temp.resolve("none").toString()),
                        Set.of(), true))).getMessage());
        assertEquals("--max-file-size: 'ten' is not a size (examples: 1048576, 512K, 10G)",
                assertThrows(ConfigurationException.class, () -> new FilesService().configure(settings(
                        Map.of("--files", temp.toString(), "--max-file-size", "ten"), Set.of(), true))).getMessage());
        assertEquals(Optional.empty(), new FilesService().configure(settings(
                Map.of("--files", temp.toString(), "--max-file-size", "10G"), Set.of("--files-read-only"), true)));
    }

    @Test
    void sizesTakeTheUsualSuffixes() {
        assertEquals(1048576, Sizes.parse("1048576"));
        assertEquals(512 * 1024, Sizes.parse("512K"));
        assertEquals(10L << 30, Sizes.parse("10G"));
        assertEquals(10L << 30, Sizes.parse("10GiB"));
        assertEquals(3L << 40, Sizes.parse("3t"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999T"));
        assertEquals("64 GiB", Sizes.format(64L << 30));
        assertEquals("1.5 MiB", Sizes.format(3 << 19));
        assertEquals("512 bytes", Sizes.format(512));
    }
}
