package vpn.bench;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import vpn.core.ProtocolException;
import vpn.core.classic.ClassicKeys;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.Exponentiation;
import vpn.core.kex.FixedBaseComb;
import vpn.core.kex.FixedBaseExponentiation;
import vpn.core.kex.Jacobi;
import vpn.core.secure.KeyExchange;

/**
 * The key-exchange costs beside their floor: the classic server's handshake arithmetic against two
 * bare 704-bit-exponent modPows, the server's own {@code g^x} by the fixed-base comb against
 * {@code modPow}, the Jacobi-symbol residue check against Euler's criterion, and secure mode's
 * X25519 and Ed25519.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyExchangeBenchmark {

    private static final DhGroup GROUP = DhGroup.MODP_8192;
    private final SecureRandom random = new SecureRandom();
    private final DiffieHellman dh = new DiffieHellman(GROUP, random);
    /** The server's: key pairs from the group's fixed-base comb, the secret by modPow. */
    private final DiffieHellman serverDh = new DiffieHellman(GROUP, random,
            new FixedBaseExponentiation(GROUP, Exponentiation.DIRECT));
    private FixedBaseComb comb;
    private BigInteger exponent;
    private BigInteger peerValue;
    private DhKeyPair ownPair;
    private BigInteger eulerExponent;
    private Ed25519PrivateKeyParameters signingKey;
    private Ed25519PublicKeyParameters verifyingKey;
    private byte[] message;
    private byte[] signature;
    private byte[] x25519PeerShare;

    @Setup
    public void setUp() throws ProtocolException {
        byte[] bytes = new byte[GROUP.exponentBytes()];
        random.nextBytes(bytes);
        exponent = new BigInteger(1, bytes);
        peerValue = dh.generateKeyPair().publicValue();
        ownPair = dh.generateKeyPair();
        eulerExponent = GROUP.p().subtract(BigInteger.ONE).shiftRight(1);
        signingKey = new Ed25519PrivateKeyParameters(random);
        verifyingKey = signingKey.generatePublicKey();
        message = new byte[64];
        random.nextBytes(message);
        signature = sign();
        x25519PeerShare = KeyExchange.X25519.generate(random).publicShare();
        comb = buildComb();
        serverDh.generateKeyPair(); // builds its comb, outside the measurement
    }

    /** The floor's unit: one {@code g^x mod p} with an 88-byte exponent. */
    @Benchmark
    public BigInteger bareModPow704() {
        return GROUP.g().modPow(exponent, GROUP.p());
    }

    /** The same {@code g^x mod p} from the fixed-base comb (8 rows x 8 columns, 2,040 entries). */
    @Benchmark
    public BigInteger fixedBaseComb704() {
        return comb.pow(exponent);
    }

    /** Building the comb's table for the group: once per server, on first use. */
    @Benchmark
    public FixedBaseComb fixedBaseCombBuild() {
        return buildComb();
    }

    private static FixedBaseComb buildComb() {
        return FixedBaseComb.build(GROUP.g(), GROUP.p(), 8 * GROUP.exponentBytes());
    }

    /** The old floor of a classic server handshake: its two modPows (key pair, shared secret). */
    @Benchmark
    public BigInteger twoBareModPows() {
        return GROUP.g().modPow(exponent, GROUP.p()).add(peerValue.modPow(exponent, GROUP.p()));
    }

    @Benchmark
    public DhKeyPair dhKeyPair() throws ProtocolException {
        return dh.generateKeyPair();
    }

    /** The shared secret from a peer value, its residue check included. */
    @Benchmark
    public byte[] dhSharedSecret() throws ProtocolException {
        return dh.agree(ownPair, peerValue);
    }

    @Benchmark
    public int residueCheckJacobi() {
        return Jacobi.symbol(peerValue, GROUP.p());
    }

    @Benchmark
    public BigInteger residueCheckEuler() {
        return peerValue.modPow(eulerExponent, GROUP.p());
    }

    /** The new floor: the key pair from the comb, the shared secret by modPow. */
    @Benchmark
    public BigInteger combAndModPow() {
        return comb.pow(exponent).add(peerValue.modPow(exponent, GROUP.p()));
    }

    /** Everything a classic server computed for a handshake: key pair, check, secret, SHA-256 hex. */
    @Benchmark
    public String classicServerHandshakeArithmetic() throws ProtocolException {
        DhKeyPair own = dh.generateKeyPair();
        return ClassicKeys.sharedKeyHex(dh.agree(own, peerValue));
    }

    /** The same as the server computes it now, its key pair from the comb. */
    @Benchmark
    public String classicServerHandshakeArithmeticFixedBase() throws ProtocolException {
        DhKeyPair own = serverDh.generateKeyPair();
        return ClassicKeys.sharedKeyHex(serverDh.agree(own, peerValue));
    }

    @Benchmark
    public DhKeyPair dhKeyPairFixedBase() throws ProtocolException {
        return serverDh.generateKeyPair();
    }

    @Benchmark
    public byte[] x25519KeyPairAndAgreement() throws ProtocolException {
        return KeyExchange.X25519.generate(random).agree(x25519PeerShare);
    }

    @Benchmark
    public byte[] ed25519Sign() {
        return sign();
    }

    @Benchmark
    public boolean ed25519Verify() {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, verifyingKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Secure mode's server arithmetic: X25519 key pair and agreement, transcript hash, Ed25519 signature. */
    @Benchmark
    public byte[] secureServerHandshakeArithmetic() throws Exception {
        byte[] secret = KeyExchange.X25519.generate(random).agree(x25519PeerShare);
        message = MessageDigest.getInstance("SHA-256").digest(secret);
        return sign();
    }

    private byte[] sign() {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, signingKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
