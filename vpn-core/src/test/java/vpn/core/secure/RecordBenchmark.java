package vpn.core.secure;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
import vpn.api.SessionCipher;
import vpn.core.ProtocolException;
import vpn.core.classic.ClassicKeys;
import vpn.core.classic.ClassicRecordWriter;
import vpn.core.registry.CipherRegistry;
import vpn.core.plugin.Discovery;
import vpn.core.plugin.PluginLayer;
import vpn.core.registry.LoadedCipher;

/**
 * Record protection beside the raw primitives it is built from, per cipher and message size:
 * secure mode's seal and seal+open, classic mode's seal, the cipher's CBC alone and HMAC-SHA256
 * alone over the same bytes; and, as the yardstick of an AEAD suite secure mode does not have,
 * the JDK's AES-256-GCM sealing the same bytes, and its AES-256-CTR, scp's aes256-ctr (both
 * whatever the cipher parameter).
 *
 * <p>White-box, so it lives in vpn-core's test tree, in vpn.core.secure beside the package-private
 * RecordLayer (a class of that package in another module would split the package). Run it with
 * scripts/jmh; its name keeps it out of the unit tests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordBenchmark {

    @Param({"AES:256", "Blowfish:448", "DES:56"})
    public String cipher;

    @Param({"64", "1024", "65536"})
    public int size;

    private byte[] data;
    private final SecureRandom random = new SecureRandom();
    private RecordLayer sealer;
    private RecordLayer pairedSealer;
    private RecordLayer pairedOpener;
    private ClassicRecordWriter classicWriter;
    private SessionCipher rawCipher;
    private byte[] rawBuffer;
    private Mac rawMac;
    private Cipher gcm;
    private SecretKeySpec gcmKey;
    private byte[] gcmNonce;
    private byte[] gcmOut;
    private long gcmCounter;
    private Cipher ctr;

    @Setup
    public void setUp() throws Exception {
        String[] nameAndSize = cipher.split(":");
        int keySize = Integer.parseInt(nameAndSize[1]);
        CipherRegistry registry = CipherRegistry.of(Discovery.discover(CipherProvider.class, PluginLayer.none(), "cipher provider", LoadedCipher::of).loaded());
        CipherProvider provider = registry.find(nameAndSize[0]).orElseThrow();
        data = new byte[size];
        random.nextBytes(data);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        // Each record layer owns its secret and wipes it at a rekey (every 512 KiB for DES and
        // Blowfish), so each gets its own copy.
        sealer = new RecordLayer(provider, keySize, Direction.ENCRYPT, secret.clone());
        pairedSealer = new RecordLayer(provider, keySize, Direction.ENCRYPT, secret.clone());
        pairedOpener = new RecordLayer(provider, keySize, Direction.DECRYPT, secret.clone());
        classicWriter = new ClassicRecordWriter(provider,
                ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, keySize));
        byte[] key = Arrays.copyOf(secret, provider.keyLength(keySize));
        rawCipher = provider.newCipher(Direction.ENCRYPT, key, new byte[provider.blockSize()]);
        rawBuffer = new byte[size];
        rawMac = Mac.getInstance("HmacSHA256");
        rawMac.init(new SecretKeySpec(secret, "HmacSHA256"));
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcmKey = new SecretKeySpec(secret, "AES");
        gcmNonce = new byte[12];
        gcmOut = new byte[size + 16];
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, gcmKey, new IvParameterSpec(new byte[16]));
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

    @Benchmark
    public byte[] classicSeal() {
        return classicWriter.seal(data);
    }

    /** The cipher's CBC alone, over the message's bytes (whole blocks of it). */
    @Benchmark
    public byte[] rawCipher() {
        rawCipher.process(data, 0, size, rawBuffer, 0);
        return rawBuffer;
    }

    @Benchmark
    public byte[] rawHmacSha256() {
        rawMac.update(data);
        return rawMac.doFinal();
    }

    /**
     * The JDK's AES-256-GCM sealing the message with a fresh nonce (a counter, as TLS 1.3 and
     * SSH's aes256-gcm build it): what one record would cost in an AEAD suite.
     */
    @Benchmark
    public byte[] rawAesGcm() throws Exception {
        long n = ++gcmCounter;
        for (int i = 0; i < 8; i++) {
            gcmNonce[4 + i] = (byte) (n >>> (56 - 8 * i));
        }
        gcm.init(Cipher.ENCRYPT_MODE, gcmKey, new GCMParameterSpec(128, gcmNonce));
        gcm.doFinal(data, 0, size, gcmOut, 0);
        return gcmOut;
    }

    /** The JDK's AES-256-CTR over the message: the keystream runs on from call to call. */
    @Benchmark
    public byte[] rawAesCtr() throws Exception {
        ctr.update(data, 0, size, gcmOut, 0);
        return gcmOut;
    }
}
