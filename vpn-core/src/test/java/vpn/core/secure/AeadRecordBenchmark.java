package vpn.core.secure;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.plugin.Discovery;
import vpn.core.plugin.PluginLayer;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.LoadedCipher;

/**
 * Secure mode's records with an authenticated cipher (AES-GCM, section 5a), beside
 * {@link RecordBenchmark}'s CBC + HMAC figures: seal, and seal then open. Run it with scripts/jmh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AeadRecordBenchmark {

    @Param({"AES-GCM:256", "AES-GCM:128"})
    public String cipher;

    @Param({"64", "1024", "65536"})
    public int size;

    private byte[] data;
    private final SecureRandom random = new SecureRandom();
    private RecordLayer sealer;
    private RecordLayer pairedSealer;
    private RecordLayer pairedOpener;

    @Setup
    public void setUp() throws Exception {
        String[] nameAndSize = cipher.split(":");
        int keySize = Integer.parseInt(nameAndSize[1]);
        CipherRegistry registry = CipherRegistry.of(Discovery.discover(CipherProvider.class, PluginLayer.none(),
                "cipher provider", LoadedCipher::of).loaded());
        CipherProvider provider = registry.find(nameAndSize[0]).orElseThrow();
        data = new byte[size];
        random.nextBytes(data);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        sealer = new RecordLayer(provider, keySize, Direction.ENCRYPT, secret.clone());
        pairedSealer = new RecordLayer(provider, keySize, Direction.ENCRYPT, secret.clone());
        pairedOpener = new RecordLayer(provider, keySize, Direction.DECRYPT, secret.clone());
    }

    @Benchmark
    public byte[] secureSeal() {
        return sealer.seal(SecureProtocol.DATA, data, random);
    }

    @Benchmark
    public byte[] secureSealAndOpen() throws ProtocolException {
        byte[] frame = pairedSealer.seal(SecureProtocol.DATA, data, random);
        return pairedOpener.open(SecureProtocol.DATA, Arrays.copyOfRange(frame, SecureProtocol.FRAME_HEADER, frame.length));
    }
}
