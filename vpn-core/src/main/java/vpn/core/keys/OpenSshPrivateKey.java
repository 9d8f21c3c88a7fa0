package vpn.core.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.BCrypt;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;

/**
 * OpenSSH's private key format, {@code openssh-key-v1} (OpenSSH's PROTOCOL.key), as text between
 * {@link #BEGIN} and {@link #END}. Reading looks only at the unencrypted envelope (the cipher, the
 * KDF and the public key, to check the type and to know whether a passphrase is needed); the
 * private section is decrypted and parsed by Bouncy Castle's {@link OpenSSHPrivateKeyUtil}.
 * Writing produces ssh-keygen's layout exactly, with {@code aes256-ctr} and {@code bcrypt} when
 * there is a passphrase, since Bouncy Castle writes only unencrypted keys.
 *
 * @param cipher the cipher of the private section, {@code none} if unencrypted
 * @param kdf the key derivation function, {@code none} if unencrypted
 * @param keys how many keys the file holds (ssh-keygen writes one)
 * @param type the first key's type, such as {@code ssh-ed25519} or {@code ssh-rsa}
 * @param blob the whole decoded file, for Bouncy Castle
 */
record OpenSshPrivateKey(String cipher, String kdf, int keys, String type, byte[] publicWire, byte[] blob) {

    static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    static final String END = "-----END OPENSSH PRIVATE KEY-----";
    static final String NONE = "none";

    /**
     * The ciphers and KDF Bouncy Castle decrypts, all of those ssh-keygen's {@code -Z} offers; the
     * tests decrypt a key of each, made by ssh-keygen. Another one is refused before decrypting,
     * so that a failure to decrypt can only mean a wrong passphrase.
     */
    static final Set<String> DECRYPTABLE_CIPHERS = Set.of("aes128-ctr", "aes192-ctr", "aes256-ctr",
            "aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc", "aes128-gcm@openssh.com",
            "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com");
    static final String BCRYPT = "bcrypt";

    // From PROTOCOL.key and ssh-keygen's defaults.
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final String WRITTEN_CIPHER = "aes256-ctr";
    private static final int AES_KEY_SIZE = 32;
    private static final int AES_BLOCK_SIZE = 16;
    private static final int UNENCRYPTED_BLOCK_SIZE = 8;
    private static final int SALT_SIZE = 16;
    private static final int BCRYPT_ROUNDS = 16;
    private static final int LINE_LENGTH = 70;

    boolean encrypted() {
        return !cipher.equals(NONE);
    }

    /**
     * The envelope of the key in {@code text}.
     *
     * @throws IllegalArgumentException if there is no {@link #BEGIN} ... {@link #END} block or it is malformed
     */
    static OpenSshPrivateKey parse(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no '" + BEGIN + "' ... '" + END + "' block");
        }
        byte[] blob;
        try {
            blob = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not valid base64");
        }
        SshReader reader = new SshReader(blob);
        if (!Arrays.equals(MAGIC, reader.raw(Math.min(MAGIC.length, blob.length), "header"))) {
            throw new IllegalArgumentException("it does not start with openssh-key-v1");
        }
        String cipher = reader.text("cipher name");
        String kdf = reader.text("KDF name");
        reader.string("KDF options");
        int keys = reader.u32("number of keys");
        byte[] publicWire = reader.string("public key");
        String type = new SshReader(publicWire).text("key type");
        return new OpenSshPrivateKey(cipher, kdf, keys, type, publicWire, blob);
    }

    /**
     * The key, decrypted with {@code passphrase} if it is encrypted (with a cipher and KDF checked
     * to be decryptable), by Bouncy Castle.
     *
     * @throws IllegalStateException if Bouncy Castle cannot decrypt or parse it: a wrong passphrase if
     *     it is encrypted (its check values differ), a damaged file if not
     * @throws IllegalArgumentException if it decrypts to a key that is not the public key's pair
     */
    UserKey decrypt(char[] passphrase) {
        AsymmetricKeyParameter parsed;
        byte[] secret = utf8(passphrase);
        try {
            parsed = encrypted() ? OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob, secret)
                    : OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        if (!(parsed instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new IllegalArgumentException("the private key is not an Ed25519 key");
        }
        UserKey key = UserKey.fromPrivate(ed25519.getEncoded());
        if (!Arrays.equals(SshKeys.wire(key.publicKey()), publicWire)) {
            throw new IllegalArgumentException("the private key does not match the public key before it");
        }
        return key;
    }

    /**
     * ssh-keygen's file for {@code key}: unencrypted if {@code passphrase} is empty, else
     * {@code aes256-ctr} under a key and IV from {@code bcrypt_pbkdf} with a random 16-byte salt
     * and 16 rounds.
     */
    static String encode(UserKey key, String comment, char[] passphrase, SecureRandom random) {
        byte[] publicKey = key.publicKey();
        byte[] privateKey = key.privateKey();
        byte[] publicWire = SshKeys.wire(publicKey);
        boolean encrypt = passphrase.length > 0;
        int check = random.nextInt(); // repeated: a wrong passphrase decrypts to two different values
        byte[] keyPair = concat(privateKey, publicKey); // OpenSSH stores the seed followed by the public key
        byte[] section = new SshWriter().u32(check).u32(check)
                .string(SshKeys.ED25519).string(publicKey).string(keyPair).string(comment)
                .padTo(encrypt ? AES_BLOCK_SIZE : UNENCRYPTED_BLOCK_SIZE).toByteArray();
        Arrays.fill(privateKey, (byte) 0);
        Arrays.fill(keyPair, (byte) 0);
        SshWriter file = new SshWriter().raw(MAGIC);
        if (encrypt) {
            byte[] salt = new byte[SALT_SIZE];
            random.nextBytes(salt);
            byte[] encrypted = aes256Ctr(section, passphrase, salt);
            Arrays.fill(section, (byte) 0);
            file.string(WRITTEN_CIPHER).string(BCRYPT)
                    .string(new SshWriter().string(salt).u32(BCRYPT_ROUNDS).toByteArray())
                    .u32(1).string(publicWire).string(encrypted);
        } else {
            file.string(NONE).string(NONE).string(new byte[0]).u32(1).string(publicWire).string(section);
        }
        return armor(file.toByteArray());
    }

    private static byte[] aes256Ctr(byte[] section, char[] passphrase, byte[] salt) {
        byte[] secret = utf8(passphrase);
        byte[] keyAndIv = BCrypt.pbkdfGenerate(secret, salt, BCRYPT_ROUNDS, AES_KEY_SIZE + AES_BLOCK_SIZE);
        Arrays.fill(secret, (byte) 0);
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, AES_KEY_SIZE, "AES"),
                    new IvParameterSpec(keyAndIv, AES_KEY_SIZE, AES_BLOCK_SIZE));
            return aes.doFinal(section);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES/CTR", e);
        } finally {
            Arrays.fill(keyAndIv, (byte) 0);
        }
    }

    /** Base64 in lines of 70 characters between the markers, as ssh-keygen writes it. */
    private static String armor(byte[] blob) {
        String base64 = Base64.getEncoder().encodeToString(blob);
        StringBuilder text = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
            text.append(base64, i, Math.min(base64.length(), i + LINE_LENGTH)).append('\n');
        }
        return text.append(END).append('\n').toString();
    }

    /** The passphrase's bytes as a terminal in UTF-8 sends them, which is what ssh-keygen hashes. */
    private static byte[] utf8(char[] passphrase) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
