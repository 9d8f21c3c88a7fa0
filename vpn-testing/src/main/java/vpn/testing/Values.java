package vpn.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * For the property tests: the messages are records holding byte arrays, whose own
 * {@code equals} compares arrays by identity. Here values are equal component by component,
 * arrays by content and lists element by element.
 */
public final class Values {

    private Values() {
    }

    public static void assertSameValue(Object expected, Object actual) {
        assertTrue(same(expected, actual), () -> "expected " + show(expected) + "\n but was " + show(actual));
    }

    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a != null && b != null && a.getClass().isRecord() && a.getClass() == b.getClass()) {
            for (RecordComponent component : a.getClass().getRecordComponents()) {
                if (!same(value(component, a), value(component, b))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** The value, arrays in hex, records with their components: for failure messages. */
    public static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Values::show).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value != null && value.getClass().isRecord()) {
            return Arrays.stream(value.getClass().getRecordComponents())
                    .map(c -> c.getName() + "=" + show(value(c, value)))
                    .collect(Collectors.joining(", ", value.getClass().getSimpleName() + "[", "]"));
        }
        return String.valueOf(value);
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }
}
