package vpn.service.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelProtocol;

/** A relay's send window: the peer's grants, what a read under way holds, and the limit on both together. */
class SendWindowTest {

    private static final int MAX = TunnelProtocol.MAX_WINDOW;
    private static final int CHUNK = TunnelProtocol.MAX_DATA_BYTES;

    @Test
    void creditHeldByAReadUnderWayStillCountsAgainstTheLimit() throws Exception {
        SendWindow window = new SendWindow(1000);
        window.grant(MAX - 1000 - 10);
        int taken = window.take(CHUNK); // the relay waits in a read with this credit
        assertEquals(CHUNK, taken);
        assertThrows(ServiceException.class, () -> window.grant(11), "past the limit while the read waits");
        window.grant(10);

        window.settle(taken, 100); // 100 bytes went out as DATA; the rest is available again
        window.grant(100);
        assertThrows(ServiceException.class, () -> window.grant(1));
        assertEquals(MAX, window.take(Integer.MAX_VALUE));
    }

    @Test
    void theEndOfTheStreamGivesAllOfItsCreditBack() throws Exception {
        SendWindow window = new SendWindow(5000);
        int taken = window.take(CHUNK);
        window.settle(taken, 0);
        assertEquals(5000, window.take(CHUNK));
    }
}
