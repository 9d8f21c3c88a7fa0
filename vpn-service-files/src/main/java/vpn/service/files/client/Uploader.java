package vpn.service.files.client;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;
import vpn.api.service.ChannelException;
import vpn.api.service.Progress;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Cancel;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.FilesMessage.Start;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.storage.ChunkReader;
import vpn.service.files.storage.Sha256;

/**
 * {@code vpn put}'s transfer of one file: PUT, START, the data chunk by chunk (read, hashed and
 * sent from one buffer: {@link ChunkReader}), END; then the server's
 * verdict, and this side's checksum line. Stops at the server's first FAILED, even in the middle
 * of the data.
 */
final class Uploader {

    private final FilesConnection connection;
    private final Output output;

    Uploader(FilesConnection connection, Output output) {
        this.connection = connection;
        this.output = output;
    }

    /** An upload whose END is sent: its verdict is still to come. */
    record Sent(int id, byte[] sha) {
    }

    /**
     * Sends {@code source} to {@code remote} up to its END, without waiting for the server's
     * verdict: {@link #verdict} takes it later.
     *
     * @throws TransferException if the server refused or the transfer failed before END
     */
    Sent send(LocalSource source, String remote, boolean force, boolean resume) throws IOException, TransferException {
        int id = connection.newId();
        connection.send(new Put(id, force, resume, source.size(), remote));
        Ready ready = switch (connection.next(id)) {
            case Ready r -> r;
            case Failed f -> throw TransferException.from(f);
            case FilesMessage other -> throw FilesConnection.unexpected(other, "a PUT");
        };
        long start = 0;
        MessageDigest digest = Sha256.digest();
        try {
            if (ready.offset() > 0 && source.seekable() && source.size() >= ready.offset()) {
                MessageDigest prefix = source.skipHashing(ready.offset());
                if (MessageDigest.isEqual(Sha256.peek(prefix), ready.prefixDigest())) {
                    start = ready.offset();
                    digest = prefix;
                } else {
                    source.skipHashing(0);
                }
            }
        } catch (IOException e) {
            connection.send(new Cancel(id));
            throw TransferException.failed("cannot read " + source.typed() + ": " + e.getMessage());
        }
        connection.send(new Start(id, start));
        long sent = start;
        byte[] sha;
        try (Progress progress = output.progress(source.seekable() ? source.typed() : remote, source.size())) {
            progress.advance(start);
            ChunkReader chunks = new ChunkReader(source::read, digest);
            while (true) {
                refusedMidway(id);
                int length;
                try {
                    length = chunks.next();
                } catch (IOException e) {
                    connection.send(new Cancel(id));
                    throw TransferException.failed("cannot read " + source.typed() + ": " + e.getMessage());
                }
                if (length == 0) {
                    break;
                }
                connection.sendData(chunks.message(), FilesCodec.writeDataHeader(id, chunks.message(), length));
                sent += length;
                progress.advance(length);
            }
            sha = chunks.digest();
        }
        connection.send(new End(id, sent, sha));
        return new Sent(id, sha);
    }

    /** The server's verdict on a sent upload: its SHA-256 once stored. */
    static byte[] verdict(Sent sent, FilesMessage verdict) throws ChannelException, TransferException {
        return switch (verdict) {
            case Ok ok -> sent.sha();
            case Failed f -> throw TransferException.from(f);
            case FilesMessage other -> throw FilesConnection.unexpected(other, "a PUT");
        };
    }

    /** A FAILED that arrived while sending: the server dropped the upload; we cancel our side. */
    private void refusedMidway(int id) throws IOException, TransferException {
        Optional<FilesMessage> early = connection.poll();
        if (early.isEmpty()) {
            return;
        }
        if (FilesConnection.check(early.get(), id) instanceof Failed failed) {
            connection.send(new Cancel(id));
            throw TransferException.from(failed);
        }
        throw FilesConnection.unexpected(early.get(), "a PUT's data");
    }
}
