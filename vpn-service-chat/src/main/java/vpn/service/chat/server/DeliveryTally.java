package vpn.service.chat.server;

import java.util.function.IntConsumer;

/**
 * Counts how the copies of one direct message went, and reports once all of them are settled,
 * from whichever thread settles the last.
 */
final class DeliveryTally {

    private final IntConsumer report;
    private int unsettled;
    private int delivered;

    /** @param report takes the number delivered, once all {@code copies} are settled */
    DeliveryTally(int copies, IntConsumer report) {
        this.unsettled = copies;
        this.report = report;
    }

    /** The delivery of one copy. */
    Delivery copy() {
        return this::settle;
    }

    private void settle(boolean wasDelivered) {
        int total;
        synchronized (this) {
            if (wasDelivered) {
                delivered++;
            }
            if (--unsettled > 0) {
                return;
            }
            total = delivered;
        }
        report.accept(total);
    }
}
