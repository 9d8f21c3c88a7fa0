package vpn.service.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The arguments the app leaves to a file command: its options ({@code --force},
 * {@code --resume}, {@code --quiet}, {@code -r}) and its operands, in order. {@code -} alone is an
 * operand (standard input or output); {@code --} ends the options.
 */
record FilesArguments(List<String> operands, boolean force, boolean resume, boolean quiet, boolean recursive) {

    static final String FORCE = "--force";
    static final String RESUME = "--resume";
    static final String QUIET = "--quiet";
    static final String RECURSIVE = "-r";

    FilesArguments {
        operands = List.copyOf(operands);
    }

    /**
     * @param allowed the options this command takes
     * @throws IllegalArgumentException with the usage error's text, for an option it does not take
     */
    static FilesArguments parse(List<String> arguments, Set<String> allowed, String command) {
        List<String> operands = new ArrayList<>();
        boolean force = false;
        boolean resume = false;
        boolean quiet = false;
        boolean recursive = false;
        boolean optionsEnded = false;
        for (String argument : arguments) {
            if (optionsEnded || argument.equals("-") || !argument.startsWith("-")) {
                operands.add(argument);
                continue;
            }
            if (argument.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String option = argument.equals("--recursive") ? RECURSIVE : argument;
            if (!allowed.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + argument + "' (vpn " + command
                        + " --help lists the options)");
            }
            switch (option) {
                case FORCE -> force = true;
                case RESUME -> resume = true;
                case QUIET -> quiet = true;
                case RECURSIVE -> recursive = true;
                default -> throw new IllegalStateException(option);
            }
        }
        return new FilesArguments(operands, force, resume, quiet, recursive);
    }
}
