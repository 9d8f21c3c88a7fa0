package vpn.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import vpn.api.CipherProvider;
import vpn.cipher.aes.AesProvider;
import vpn.cipher.aesgcm.AesGcmProvider;
import vpn.cipher.blowfish.BlowfishProvider;
import vpn.cipher.des.DesProvider;
import vpn.cipher.none.NoneProvider;
import vpn.cipher.xor.XorProvider;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.RegistryException;

/** Test resources (known answers, the capture) and the real cipher providers. */
public final class Vectors {

    private Vectors() {
    }

    /** The non-comment lines of a resource, split on spaces. */
    public static List<String[]> lines(String resource) {
        try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(" "))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** The capture's payloads of one direction ("C2S" or "S2C"), one per segment. */
    public static List<byte[]> capture(String direction) {
        return lines("/capture/classic-session.txt").stream()
                .filter(f -> f[0].equals(direction))
                .map(f -> hex(f[1]))
                .toList();
    }

    public static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static List<CipherProvider> allProviders() {
        return List.of(new AesProvider(), new BlowfishProvider(), new DesProvider(), new XorProvider(), new NoneProvider());
    }

    /** {@link #allProviders()} and the authenticated AES-GCM, which only secure mode uses. */
    public static List<CipherProvider> secureProviders() {
        List<CipherProvider> providers = new java.util.ArrayList<>(allProviders());
        providers.add(new AesGcmProvider());
        return List.copyOf(providers);
    }

    /** One of {@link #secureProviders()}. */
    public static CipherProvider provider(String name) {
        return secureProviders().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@code provider} advertising only some of its key sizes (to force a choice in tests). */
    public static CipherProvider restricted(CipherProvider provider, Integer... sizes) {
        try {
            return CipherRegistry.ofProviders(provider)
                    .restrict(java.util.Map.of(provider.name(), Arrays.asList(sizes)))
                    .providers().get(0);
        } catch (RegistryException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
