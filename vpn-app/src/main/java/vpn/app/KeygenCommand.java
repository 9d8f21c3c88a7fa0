package vpn.app;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.api.service.ExitCode;
import vpn.core.keys.OpenSshKeyFile;
import vpn.core.keys.Passphrases;
import vpn.core.keys.StandardPassphrases;
import vpn.core.keys.UserKey;
import vpn.core.keys.UserNames;

/** {@code vpn keygen}: a user key, in the files ssh-keygen writes. */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        description = {
            "Creates your user key: an Ed25519 key in OpenSSH's format (FILE, owner-only) and its public key "
                    + "(FILE.pub, the line a server's authorized-keys file needs), as ssh-keygen -t ed25519 does. "
                    + "A key made by ssh-keygen works as well.",
            "The passphrase is asked twice when standard input is a terminal. If " + StandardPassphrases.VARIABLE
                    + " is set, it is the passphrase and nothing is asked; set it empty for a key without one."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the key was written",
            "1:FILE or FILE.pub exists (without --force), the passphrases differ, no terminal to ask and "
                    + StandardPassphrases.VARIABLE + " unset, or the files cannot be written",
            "2:bad command-line usage, or a comment that is not a valid user name"
        })
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--file", defaultValue = "${sys:user.home}/.customvpn/id_ed25519", paramLabel = "FILE",
            description = "Where to write the private key; the public key goes to FILE.pub "
                    + "(default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--comment", defaultValue = "${sys:user.name}", paramLabel = "NAME",
            description = "The user name servers know the key by: " + UserNames.RULE
                    + " (default: your login name, ${DEFAULT-VALUE}).")
    String comment;

    @Option(names = "--force", description = "Replace FILE and FILE.pub if they exist.")
    boolean force;

    private final Console console;
    private final SecureRandom random;
    private final Passphrases passphrases;

    @Inject
    KeygenCommand(Console console, SecureRandom random, Passphrases passphrases) {
        this.console = console;
        this.random = random;
        this.passphrases = passphrases;
    }

    @Override
    public Integer call() throws IOException {
        if (!UserNames.valid(comment)) {
            boolean given = spec.commandLine().getParseResult().hasMatchedOption("--comment");
            throw new ParameterException(spec.commandLine(), given
                    ? "--comment: '" + comment + "' is not a valid user name (" + UserNames.RULE + ")"
                    : "your login name '" + comment + "' is not a valid user name (" + UserNames.RULE
                            + "); give one with --comment NAME");
        }
        Path publicFile = OpenSshKeyFile.publicKeyFile(file);
        for (Path existing : new Path[] {file, publicFile}) {
            if (!force && Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new StartupException(existing + " exists; --force replaces it");
            }
        }
        char[] passphrase = passphrases.forNewKey();
        try {
            UserKey key = UserKey.generate(random);
            OpenSshKeyFile.write(file, key, comment, passphrase, random);
            console.line("Your identification has been saved in " + file);
            console.line("Your public key has been saved in " + publicFile);
            console.line("The key fingerprint is: " + key.fingerprint() + " " + comment);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
        return ExitCode.OK;
    }
}
