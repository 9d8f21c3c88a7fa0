package vpn.core.registry;

import java.util.List;
import vpn.api.AeadCipher;
import vpn.api.AeadKnownAnswer;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;

/** A provider that offers only some of its key sizes (for {@code --ciphers}). */
final class RestrictedProvider implements CipherProvider {

    private final CipherProvider delegate;
    private final List<Integer> keySizes;

    RestrictedProvider(CipherProvider delegate, List<Integer> keySizes) {
        this.delegate = delegate;
        this.keySizes = List.copyOf(keySizes);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<Integer> keySizes() {
        return keySizes;
    }

    @Override
    public int blockSize() {
        return delegate.blockSize();
    }

    @Override
    public int keyLength(int keySize) {
        return delegate.keyLength(keySize);
    }

    @Override
    public boolean insecure() {
        return delegate.insecure();
    }

    @Override
    public List<KnownAnswer> knownAnswers() {
        return delegate.knownAnswers();
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        return delegate.newCipher(direction, key, iv);
    }

    @Override
    public boolean aead() {
        return delegate.aead();
    }

    @Override
    public AeadCipher newAead(Direction direction, byte[] key) {
        return delegate.newAead(direction, key);
    }

    @Override
    public List<AeadKnownAnswer> aeadKnownAnswers() {
        return delegate.aeadKnownAnswers();
    }
}
