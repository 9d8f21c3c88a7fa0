package vpn.bench;

import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The JDK's CBC against Bouncy Castle's, per algorithm, over 64 KiB: the data behind each module's choice. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PrimitiveChoiceBenchmark {

    @Param({"AES", "Blowfish", "DES"})
    public String algorithm;

    private final byte[] data = new byte[65536];
    private final byte[] out = new byte[65536];
    private Cipher jdk;
    private CBCModeCipher bc;

    @Setup
    public void setUp() throws Exception {
        int keyLength = switch (algorithm) {
            case "AES" -> 32;
            case "Blowfish" -> 56;
            default -> 8;
        };
        int block = algorithm.equals("AES") ? 16 : 8;
        byte[] key = new byte[keyLength];
        byte[] iv = new byte[block];
        jdk = Cipher.getInstance(algorithm + "/CBC/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, algorithm), new IvParameterSpec(iv));
        bc = CBCBlockCipher.newInstance(switch (algorithm) {
            case "AES" -> AESEngine.newInstance();
            case "Blowfish" -> new BlowfishEngine();
            default -> new DESEngine();
        });
        bc.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    }

    @Benchmark
    public byte[] jdkCbc() throws Exception {
        jdk.update(data, 0, data.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] bouncyCastleCbc() {
        bc.processBlocks(data, 0, data.length / bc.getBlockSize(), out, 0);
        return out;
    }
}
