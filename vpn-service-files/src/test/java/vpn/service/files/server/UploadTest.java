package vpn.service.files.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;
import vpn.service.files.storage.Sha256;

/** One upload's hold on its name ({@link WriteLocks}): taken at PUT, given back exactly once, however it ends. */
class UploadTest {

    @TempDir
    Path root;

    private final WriteLocks locks = new WriteLocks();

    private Upload open(String name) throws Exception {
        return Upload.open(new Put(1, false, false, 5, name), "alice SHA256:alice", new RemotePaths(root), locks,
                FilesProtocol.DEFAULT_MAX_FILE_SIZE, Clock.systemUTC());
    }

    private Path target(String name) throws Exception {
        return new RemotePaths(root).forWriting(name).path();
    }

    /**
     * A commit that fails (here the name appeared meanwhile) gives the name back, and the
     * discard that follows it must not give it back again: by then another transfer may hold it.
     */
    @Test
    void aFailedCommitGivesItsNameBackOnceAndNotAnotherTransfersHold() throws Exception {
        Upload upload = open("notes.txt");
        upload.start(0);
        byte[] content = "hello".getBytes();
        upload.write(new Data(1, content));
        Files.writeString(root.resolve("notes.txt"), "appeared meanwhile");

        Refusal refused = assertThrows(Refusal.class, () -> upload.finish(content.length, Sha256.digest().digest(content)));
        assertEquals(Reason.EXISTS, refused.reason());
        assertTrue(locks.acquire(target("notes.txt")), "the name is free again after the failed commit");
        upload.discard(); // what the commit's thread does after a refusal
        assertTrue(locks.held(target("notes.txt")), "the discard gave back the other transfer's hold");
        assertEquals("appeared meanwhile", Files.readString(root.resolve("notes.txt")));
    }

    @Test
    void everyEndGivesTheNameBackOnce() throws Exception {
        for (String ending : new String[] {"interrupt", "discard", "mismatch"}) {
            Upload upload = open(ending);
            upload.start(0);
            switch (ending) {
                case "interrupt" -> upload.interrupt();
                case "discard" -> upload.discard();
                default -> assertThrows(Refusal.class, () -> upload.finish(3, new byte[32]));
            }
            assertFalse(locks.held(target(ending)), ending + " kept the name");
            assertTrue(locks.acquire(target(ending)));
            upload.discard();
            upload.interrupt();
            assertTrue(locks.held(target(ending)), ending + ": a second ending gave back another transfer's hold");
        }
    }
}
