package vpn.service.files.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vpn.api.service.Printable;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.service.files.protocol.Entry;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Ack;
import vpn.service.files.protocol.FilesMessage.Cancel;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Entries;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.FileInfo;
import vpn.service.files.protocol.FilesMessage.Get;
import vpn.service.files.protocol.FilesMessage.ListFiles;
import vpn.service.files.protocol.FilesMessage.MakeDirectory;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.FilesMessage.Remove;
import vpn.service.files.protocol.FilesMessage.Start;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;

/**
 * One session of the file service: uploads are written on the session's thread as their chunks
 * arrive and committed (checked, forced to the disk, renamed) on a thread of their own after END,
 * so that the commits of a client's many small files overlap (a file system groups concurrent
 * fsyncs into one journal commit: 6,000 files/s here against 530 one after the other); each
 * download is sent from a thread of its own. A request that fails is answered FAILED and ends
 * only itself: the session and its other transfers go on.
 */
final class FilesSessionHandler implements SessionHandler {

    private final ServedFolder folder;
    private final ServiceSession session;
    private final String owner;
    private final TransferLog log;
    private final Listing listing;
    private final Directories directories;
    /** Uploads under way; touched by the session's thread only. */
    private final Map<Integer, Upload> uploads = new HashMap<>();
    /**
     * Uploads the server ended (FAILED) after READY, whose remaining DATA may still arrive: until
     * the client's END or CANCEL, which it sends for every upload it started.
     */
    private final Set<Integer> endedUploads = new HashSet<>();
    /** Uploads after END until their commit answered OK or FAILED; their threads remove them. */
    private final Map<Integer, Upload> committing = new ConcurrentHashMap<>();
    /** Downloads until the client's verdict; their threads read the map's entries only. */
    private final Map<Integer, Download> downloads = new ConcurrentHashMap<>();

    FilesSessionHandler(ServedFolder folder, ServiceSession session, User user) {
        this.folder = folder;
        this.session = session;
        this.owner = user.name() + " " + user.keyFingerprint();
        this.log = new TransferLog(session, user.name());
        this.listing = new Listing(folder.paths());
        this.directories = new Directories(folder.paths(), folder.locks());
    }

    @Override
    public void onMessage(byte[] bytes) throws IOException {
        onMessage(bytes, 0, bytes.length);
    }

    /** Yes: an upload's chunk is written and hashed before this returns, and nothing keeps its bytes. */
    @Override
    public boolean takesLentMessages() {
        return true;
    }

    @Override
    public void onMessage(byte[] buffer, int offset, int length) throws IOException {
        FilesMessage message = FilesCodec.decode(buffer, offset, length);
        switch (message) {
            case Put m -> put(m);
            case Start m -> start(m);
            case Data m -> data(m);
            case End m -> end(m);
            case Get m -> get(m);
            case Ack m -> acknowledge(m);
            case Cancel m -> cancel(m);
            case Ok m -> verdict(m.id(), null);
            case Failed m -> verdict(m.id(), m);
            case ListFiles m -> list(m);
            case MakeDirectory m -> makeDirectory(m);
            case Remove m -> remove(m);
            case Ready m -> throw notFromClient(m);
            case FileInfo m -> throw notFromClient(m);
            case Entries m -> throw notFromClient(m);
        }
    }

    private void put(Put put) throws IOException {
        newRequest(put.id());
        if (refusedAsReadOnly(put.id(), "put", put.path())) {
            return;
        }
        try {
            Upload upload = Upload.open(put, owner, folder.paths(), folder.locks(), folder.settings().maxFileSize(),
                    folder.clock());
            uploads.put(put.id(), upload);
            send(upload.ready(put.id()));
        } catch (Refusal e) {
            refuse(put.id(), "put", put.path(), e); // refused before READY: the client sends nothing more for it
        }
    }

    private void start(Start start) throws IOException {
        Upload upload = uploads.get(start.id());
        if (upload == null) {
            requireEnded(start.id(), "START");
            return;
        }
        try {
            upload.start(start.offset());
        } catch (Refusal e) {
            failUpload(start.id(), upload, e);
        }
    }

    private void data(Data data) throws IOException {
        Upload upload = uploads.get(data.id());
        if (upload == null) {
            requireEnded(data.id(), "DATA");
            return;
        }
        try {
            upload.write(data);
        } catch (Refusal e) {
            failUpload(data.id(), upload, e);
        }
    }

    private void end(End end) throws IOException {
        Upload upload = uploads.get(end.id());
        if (upload == null) {
            requireEnded(end.id(), "END");
            endedUploads.remove(end.id());
            return;
        }
        upload.requireStarted(); // before it leaves `uploads`: the session's end must still interrupt it
        uploads.remove(end.id());
        committing.put(end.id(), upload);
        Thread.ofVirtual().name("files-commit-" + session.peer() + "-" + end.id()).start(() -> commit(end, upload));
    }

    /** On the upload's own thread: the verdict, once the file is in place or nothing was kept. */
    private void commit(End end, Upload upload) {
        FilesMessage verdict;
        try {
            byte[] digest = upload.finish(end.size(), end.digest());
            log.stored(upload.display(), end.size(), digest);
            verdict = new Ok(end.id());
        } catch (Refusal e) {
            upload.discard();
            log.refused("put", upload.display(), e.getMessage());
            verdict = new Failed(end.id(), e.reason(), e.getMessage());
        } catch (ServiceException checkedBefore) {
            throw new IllegalStateException("END before START passed requireStarted()", checkedBefore);
        } finally {
            committing.remove(end.id());
        }
        try {
            send(verdict);
        } catch (IOException sessionGone) {
            // the session ended meanwhile; what the verdict says stands (the file is in place or not kept)
        }
    }

    private void get(Get get) throws IOException {
        newRequest(get.id());
        try {
            RemotePaths.Resolved file = folder.paths().forReading(get.path());
            Download.checkReadable(file);
            Download download = new Download(get, file, session, log);
            downloads.put(get.id(), download);
            Thread.ofVirtual().name("files-get-" + session.peer() + "-" + get.id()).start(download);
        } catch (Refusal e) {
            refuse(get.id(), "get", get.path(), e);
        }
    }

    /** A downloading client's acknowledgement: it keeps the session from its idle timeout; nothing to do. */
    private void acknowledge(Ack ack) throws ServiceException {
        if (!downloads.containsKey(ack.id())) {
            throw new ServiceException("malformed file message: ACK for " + ack.id() + ", which is no download");
        }
    }

    private void cancel(Cancel cancel) throws ServiceException {
        Upload upload = uploads.remove(cancel.id());
        if (upload != null) {
            upload.discard();
            log.refused("put", upload.display(), "cancelled by the client");
            return;
        }
        Download download = downloads.remove(cancel.id());
        if (download != null) {
            download.cancel();
            return;
        }
        if (!endedUploads.remove(cancel.id())) {
            throw new ServiceException("malformed file message: CANCEL for " + cancel.id() + ", which is not open");
        }
    }

    /** The client's verdict on a download: OK, or FAILED with why (logged). */
    private void verdict(int id, Failed failed) throws ServiceException {
        Download download = downloads.remove(id);
        if (download == null) {
            throw new ServiceException("malformed file message: a verdict for " + id + ", which is no download");
        }
        if (failed != null) {
            session.log("Files: the client reports: " + Printable.of(failed.text()));
        }
    }

    private void list(ListFiles request) throws IOException {
        try {
            List<Entry> entries = listing.list(request.path());
            List<byte[]> messages = FilesCodec.entriesMessages(request.id(), entries).stream()
                    .map(FilesCodec::encode).toList();
            session.sendAll(messages);
        } catch (Refusal e) {
            refuse(request.id(), "ls", request.path(), e);
        }
    }

    private void makeDirectory(MakeDirectory request) throws IOException {
        if (refusedAsReadOnly(request.id(), "mkdir", request.path())) {
            return;
        }
        try {
            log.done("made", directories.makeDirectory(request.path(), request.existingIsFine()));
            send(new Ok(request.id()));
        } catch (Refusal e) {
            refuse(request.id(), "mkdir", request.path(), e);
        }
    }

    private void remove(Remove request) throws IOException {
        if (refusedAsReadOnly(request.id(), "rm", request.path())) {
            return;
        }
        try {
            log.done("removed", request.tree() ? directories.removeTree(request.path()) : directories.remove(request.path()));
            send(new Ok(request.id()));
        } catch (Refusal e) {
            refuse(request.id(), "rm", request.path(), e);
        }
    }

    @Override
    public void onClose() {
        uploads.values().forEach(upload -> {
            upload.interrupt();
            log.interrupted(upload.display(), upload.received());
        });
        uploads.clear();
        downloads.values().forEach(Download::cancel);
        downloads.clear();
    }

    /** A new request's id must not be in use, and the session may have only so many open. */
    private void newRequest(int id) throws ServiceException {
        if (uploads.containsKey(id) || downloads.containsKey(id) || endedUploads.contains(id)
                || committing.containsKey(id)) {
            throw new ServiceException("malformed file message: request id " + id + " is in use");
        }
        if (uploads.size() + downloads.size() + endedUploads.size() + committing.size()
                >= FilesProtocol.MAX_OPEN_REQUESTS) {
            throw new ServiceException("more than " + FilesProtocol.MAX_OPEN_REQUESTS
                    + " file requests open in one session");
        }
    }

    private boolean refusedAsReadOnly(int id, String request, String path) throws IOException {
        if (!folder.settings().readOnly()) {
            return false;
        }
        refuse(id, request, path, new Refusal(Reason.READ_ONLY,
                "this server is read-only (it runs with --files-read-only)"));
        return true;
    }

    private void failUpload(int id, Upload upload, Refusal e) throws IOException {
        uploads.remove(id);
        upload.discard();
        endedUploads.add(id);
        refuse(id, "put", upload.display(), e);
    }

    /** A transfer message for an upload that is not open must belong to one the server ended. */
    private void requireEnded(int id, String type) throws ServiceException {
        if (!endedUploads.contains(id)) {
            throw new ServiceException("malformed file message: " + type + " for " + id + ", which is no upload");
        }
    }

    private void refuse(int id, String request, String path, Refusal e) throws IOException {
        log.refused(request, path, e.getMessage());
        send(new Failed(id, e.reason(), e.getMessage()));
    }

    private void send(FilesMessage message) throws IOException {
        session.send(FilesCodec.encode(message));
    }

    private static ServiceException notFromClient(FilesMessage message) {
        return new ServiceException("malformed file message: a client sent " + message.getClass().getSimpleName());
    }
}
