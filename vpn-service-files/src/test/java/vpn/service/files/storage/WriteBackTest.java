package vpn.service.files.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackTest {

    @TempDir
    Path folder;

    @Test
    void startsAWriteBackEachTimeTheThresholdIsCrossedAndNotBefore() throws Exception {
        try (FileChannel channel = FileChannel.open(folder.resolve("f"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            WriteBack writeBack = new WriteBack(channel, 100);
            writeBack.written(99);
            assertEquals(0, writeBack.started(), "one byte short of the threshold");
            writeBack.written(1);
            assertEquals(1, writeBack.started(), "at the threshold");
            writeBack.await();
            writeBack.written(60);
            writeBack.written(39);
            assertEquals(1, writeBack.started(), "the count starts again after a write-back");
            writeBack.written(1);
            assertEquals(2, writeBack.started());
            writeBack.await();
        }
    }

    @Test
    void aWriteBackOnAClosedFileIsHarmless() throws Exception {
        FileChannel channel = FileChannel.open(folder.resolve("f"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel.close();
        WriteBack writeBack = new WriteBack(channel, 1);
        writeBack.written(1);
        writeBack.await();
        assertEquals(1, writeBack.started());
    }

    @Test
    void aLargeReceivedFileIsWrittenBackOnTheWayAndArrivesWhole() throws IOException, InterruptedException {
        Path target = folder.resolve("big");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 7);
        long chunks = WriteBack.EVERY / chunk.length + 1;
        try (PartFile part = PartFile.create(target)) {
            for (long i = 0; i < chunks; i++) {
                part.write(chunk);
            }
            assertEquals(1, part.writeBacks());
            part.commit(false);
        }
        assertEquals(chunks * chunk.length, Files.size(target));
        try (var in = Files.newInputStream(target)) {
            assertArrayEquals(chunk, in.readNBytes(chunk.length));
        }
    }
}
