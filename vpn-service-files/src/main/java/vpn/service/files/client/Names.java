package vpn.service.files.client;

/** Names and paths as the commands combine them: a path's last name, and "into this directory". */
public final class Names {

    private Names() {
    }

    /** The last name of a path, local or remote: {@code docs/a.txt} and {@code docs/a.txt/} give {@code a.txt}. */
    public static String baseName(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    /** Whether {@code path} names a directory to copy into: it ends with {@code /}. */
    public static boolean intoDirectory(String path) {
        return path.endsWith("/");
    }

    /** {@code name} inside the directory {@code directory} (which may end with {@code /}). */
    public static String inside(String directory, String name) {
        return directory.isEmpty() || directory.endsWith("/") ? directory + name : directory + "/" + name;
    }
}
