package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/** {@link MessageFormat#map} keeps each kind of attempt and transforms only values; {@link Attempt#now} decides at once. */
class MessageFormatTest {

    private static MessageFormat<String> giving(Attempt<String> attempt) {
        return (buffer, length) -> attempt;
    }

    @Test
    void mapTransformsCompleteValuesAndKeepsWhatWasConsumed() {
        Attempt<Integer> mapped = giving(Attempt.complete("abc", 3)).map(String::length).attempt(new byte[0], 0);
        assertEquals(new Attempt.Complete<>(3, 3), mapped);
        assertEquals(new Attempt.Complete<>(2, -1), giving(Attempt.complete("ab")).map(String::length).attempt(new byte[0], 0));
    }

    @Test
    void mapTransformsASettledDecisionAndPassesItsFailureOn() throws ProtocolException {
        Attempt<Integer> settled = giving(Attempt.settle(() -> "abcd")).map(String::length).attempt(new byte[0], 0);
        assertEquals(4, assertInstanceOf(Attempt.Settle.class, settled).decision().decide());
        ProtocolException refused = new ProtocolException(Reason.MALFORMED, "no");
        Attempt<Integer> failing = giving(Attempt.<String>settle(() -> {
            throw refused;
        })).map(String::length).attempt(new byte[0], 0);
        Attempt.Decision<?> decision = assertInstanceOf(Attempt.Settle.class, failing).decision();
        assertSame(refused, org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class, decision::decide));
    }

    @Test
    void mapKeepsNeedMoreAndFail() {
        assertInstanceOf(Attempt.NeedMore.class, giving(Attempt.needMore()).map(String::length).attempt(new byte[0], 0));
        ProtocolException refused = new ProtocolException(Reason.MALFORMED, "no");
        Attempt<Integer> failed = giving(Attempt.fail(refused)).map(String::length).attempt(new byte[0], 0);
        assertSame(refused, assertInstanceOf(Attempt.Fail.class, failed).error());
    }

    @Test
    void nowCompletesWithAllTheBytesOrFails() {
        assertEquals(new Attempt.Complete<>("v", -1), Attempt.now(() -> "v"));
        ProtocolException refused = new ProtocolException(Reason.MALFORMED, "no");
        assertSame(refused, assertInstanceOf(Attempt.Fail.class, Attempt.<String>now(() -> {
            throw refused;
        })).error());
    }
}
