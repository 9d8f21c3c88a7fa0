package vpn.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;

/**
 * The contract checks of {@link ProviderCheck} at each limit, below and above it: the name's 32
 * characters, blocks of 1 to 64 bytes, keys of 8 to 512 bits (the classic derivation takes them
 * from 64 hex characters), and a key length of at least the key size in bytes.
 */
class ProviderCheckTest {

    /** Only the shape the check reads; {@code keyLength} is short of {@code size / 8} by {@code shortBy} bytes. */
    private record Shape(String name, int blockSize, List<Integer> keySizes, int shortBy) implements CipherProvider {
        @Override
        public int keyLength(int keySize) {
            return keySize / 8 - shortBy;
        }

        @Override
        public List<KnownAnswer> knownAnswers() {
            return List.of();
        }

        @Override
        public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<String> problems(String name, int blockSize, Integer... sizes) {
        return ProviderCheck.problems(new Shape(name, blockSize, Arrays.asList(sizes), 0));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 8, 16, 64})
    void blocksOfOneToSixtyFourBytesPass(int blockSize) {
        assertEquals(List.of(), problems("C", blockSize, 128));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, -1, 65, 128})
    void otherBlockSizesAreRefused(int blockSize) {
        assertEquals(List.of("block size " + blockSize + " is not between 1 and 64 bytes"), problems("C", blockSize, 128));
    }

    @Test
    void keysOfEightToFiveHundredTwelveBitsPassAndOthersAreNamed() {
        assertEquals(List.of(), problems("C", 16, 8, 56, 512));
        assertEquals(List.of("key size 7 is not between 8 and 512 bits", "key size 513 is not between 8 and 512 bits",
                "key size null is not between 8 and 512 bits"), problems("C", 16, 7, 128, 513, null));
    }

    @Test
    void aKeyLengthShorterThanTheKeySizeIsRefused() {
        assertEquals(List.of(), ProviderCheck.problems(new Shape("C", 16, List.of(128), 0)));
        assertEquals(List.of("key length 15 bytes is too short for 128 bits"),
                ProviderCheck.problems(new Shape("C", 16, List.of(128), 1)));
    }

    @Test
    void namesOfOneToThirtyTwoCharactersPass() {
        assertEquals(List.of(), problems("A", 16, 128));
        assertEquals(List.of(), problems("a_B-9".repeat(6) + "zz", 16, 128));
        String tooLong = "x".repeat(33);
        assertEquals(List.of("name '" + tooLong + "' is not 1 to 32 letters, digits, '_' or '-'"), problems(tooLong, 16, 128));
        assertEquals(List.of("name null is not 1 to 32 letters, digits, '_' or '-'"), problems(null, 16, 128));
        assertEquals(List.of("name '' is not 1 to 32 letters, digits, '_' or '-'"), problems("", 16, 128));
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() {
        assertEquals(List.of("name 'a b' is not 1 to 32 letters, digits, '_' or '-'",
                "block size 0 is not between 1 and 64 bytes", "it advertises no key sizes"), problems("a b", 0));
        assertEquals(List.of("it advertises no key sizes"), ProviderCheck.problems(new Shape("C", 16, null, 0)));
    }
}
