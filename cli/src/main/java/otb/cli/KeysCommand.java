package otb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import otb.baseline.sign.KeyException;
import otb.baseline.sign.Keys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otb keys}: signing keys for baselines and approvals. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Signing keys (Ed25519) for baselines and approvals.",
        subcommands = KeysCommand.Generate.class,
        footer = {"%nExamples:",
                "  otb keys generate --name alice -o ~/.otb/keys",
                ExitCode.HELP_SECTION})
final class KeysCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Make an Ed25519 key pair: DIR/NAME.key (private, PEM PKCS#8 followed by the public key, "
                    + "mode 600) and DIR/NAME.pub (public, PEM). Give NAME.pub to whoever verifies (their --trust "
                    + "directory); keep NAME.key to yourself.",
                    "Existing files are never replaced."},
            footer = {"%nExamples:", "  otb keys generate --name alice -o ~/.otb/keys", ExitCode.HELP_SECTION})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The key's name, shown as the signer (letters, digits, '.', '-', '_').")
        String name;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory for the key files.")
        Path directory;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            if (!Keys.validName(name)) {
                throw new UsageException("bad key name '" + name + "': use letters, digits, '.', '-', '_' (at most 64)");
            }
            try {
                Keys.Generated generated = Keys.generate(name, directory);
                System.out.println("private key " + generated.privateKey() + " (mode 600; keep it secret)");
                System.out.println("public key  " + generated.publicKey() + " (copy it into the verifiers' --trust directory)");
                System.out.println("key id      " + generated.keyId());
                return ExitCode.OK;
            } catch (KeyException e) {
                throw new InputException(e.getMessage(), e);
            }
        }
    }
}
