package vpn.service.files.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import vpn.api.service.ServiceSession;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.FileInfo;
import vpn.service.files.protocol.FilesMessage.Get;
import vpn.service.files.protocol.Reason;
import vpn.service.files.server.RemotePaths.Resolved;
import vpn.service.files.storage.ChunkReader;
import vpn.service.files.storage.Sha256;

/**
 * One file being sent to a client, on a thread of its own so that the session's thread goes on
 * reading the client's acknowledgements, cancellations and other requests. The file is read,
 * hashed and sent chunk by chunk from one buffer ({@link ChunkReader}). A
 * client that reads slowly blocks the sending (the connection's own flow control).
 */
final class Download implements Runnable {

    private final Get get;
    private final Resolved file;
    private final ServiceSession session;
    private final TransferLog log;
    private volatile boolean cancelled;

    Download(Get get, Resolved file, ServiceSession session, TransferLog log) {
        this.get = get;
        this.file = file;
        this.session = session;
        this.log = log;
    }

    /**
     * Checks that {@code file} is a regular file, before a thread is started for it.
     *
     * @throws Refusal NOT_A_FILE for a directory, a device, a FIFO or a socket
     */
    static void checkReadable(Resolved file) throws Refusal {
        BasicFileAttributes attributes;
        try {
            attributes = RemotePaths.attributes(file.path());
        } catch (IOException e) {
            throw new Refusal(Reason.READ_FAILED, "cannot read " + RemotePaths.quote(file.display()) + ": "
                    + e.getMessage());
        }
        String name = RemotePaths.quote(file.display());
        if (attributes.isDirectory()) {
            throw new Refusal(Reason.NOT_A_FILE, name + " is a directory (-r copies a directory tree)");
        }
        if (!attributes.isRegularFile()) {
            throw new Refusal(Reason.NOT_A_FILE, name + " is not a regular file (a device, FIFO or socket)");
        }
    }

    @Override
    public void run() {
        try {
            send();
        } catch (IOException sessionGone) {
            // the session is closing; its end is logged by the core
        }
    }

    private void send() throws IOException {
        String name = RemotePaths.quote(file.display());
        long position;
        MessageDigest digest;
        byte[] sha;
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            long modified = RemotePaths.attributes(file.path()).lastModifiedTime().toInstant().getEpochSecond();
            position = 0;
            digest = Sha256.digest();
            if (get.resume() && get.offset() > 0 && get.offset() <= size) {
                MessageDigest prefix = Sha256.ofPrefix(channel, get.offset());
                if (MessageDigest.isEqual(Sha256.peek(prefix), get.prefixDigest())) {
                    position = get.offset();
                    digest = prefix;
                }
            }
            send(new FileInfo(get.id(), size, position, modified));
            channel.position(position);
            ChunkReader chunks = new ChunkReader(channel::read, digest);
            int length;
            while (!cancelled && (length = chunks.next()) > 0) {
                session.send(chunks.message(), 0, FilesCodec.writeDataHeader(get.id(), chunks.message(), length));
                position += length;
            }
            sha = cancelled ? null : chunks.digest();
        } catch (IOException reading) {
            if (!cancelled) {
                send(new Failed(get.id(), Reason.READ_FAILED, "cannot read " + name + " on the server: "
                        + reading.getMessage()));
                log.refused("get", file.display(), reading.getMessage());
                return;
            }
            throw reading;
        }
        if (cancelled) {
            send(new Failed(get.id(), Reason.CANCELLED, "the transfer of " + name + " was cancelled"));
            return;
        }
        send(new End(get.id(), position, sha));
        log.sent(file.display(), position, sha);
    }

    /** The client cancelled: the thread stops after the chunk it is sending and answers FAILED. */
    void cancel() {
        cancelled = true;
    }

    private void send(FilesMessage message) throws IOException {
        session.send(FilesCodec.encode(message));
    }
}
