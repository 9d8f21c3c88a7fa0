package vpn.core.registry;

import java.util.List;

/** The loaded providers cannot be offered as they are: one line per problem, each naming its module. */
public final class RegistryException extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Not serialized: nothing sends these across a JVM boundary. */
    private final transient List<String> problems;

    public RegistryException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
