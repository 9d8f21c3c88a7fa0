package vpn.service.files.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import vpn.api.service.Terminal;

/** A terminal whose standard input the test gives and whose lines and data it reads. */
public final class DataTerminal implements Terminal {

    private final List<String> lines = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public DataTerminal(byte[] input) {
        this(new ByteArrayInputStream(input));
    }

    public DataTerminal(InputStream input) {
        this.in = input;
    }

    public DataTerminal() {
        this(new byte[0]);
    }

    @Override
    public String readLine(String prompt) {
        return null;
    }

    @Override
    public synchronized void line(String text) {
        lines.add(text);
    }

    @Override
    public synchronized void error(String text) {
        errors.add(text);
    }

    @Override
    public InputStream dataIn() {
        return in;
    }

    @Override
    public OutputStream dataOut() {
        return out;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    public byte[] data() {
        return out.toByteArray();
    }
}
