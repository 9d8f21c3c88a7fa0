package vpn.api.service;

/**
 * A transfer's progress as the user sees it, such as a progress bar on the terminal: a command
 * reports the bytes it moved, and closes it when the transfer ends, however it ends. Where no one
 * watches (output is not a terminal, {@code --quiet}) it is {@link #NONE}, which shows nothing.
 */
public interface Progress extends AutoCloseable {

    /** Shows nothing. */
    Progress NONE = new Progress() {
        @Override
        public void advance(long bytes) {
        }

        @Override
        public void close() {
        }
    };

    /** {@code bytes} more were moved. */
    void advance(long bytes);

    /** The transfer ended: the display is finished (a bar ends its line) and stops refreshing. */
    @Override
    void close();
}
