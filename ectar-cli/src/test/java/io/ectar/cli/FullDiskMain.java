package io.ectar.cli;

/**
 * Run by {@link FullDiskTest} inside a mount namespace: {@code ectar extract -i ARCHIVE -o DIR} for each DIR
 * (each on a small tmpfs), printing per run one line {@code DIR<TAB>EXIT<TAB>ERRORS}, newlines in the error
 * output shown as {@code \n}.
 */
public final class FullDiskMain {

    private FullDiskMain() {
    }

    public static void main(String[] args) {
        for (int i = 1; i < args.length; i++) {
            CliRun r = CliRun.of("extract", "-i", args[0], "-o", args[i]);
            System.out.println(args[i] + "\t" + r.exitCode() + "\t" + r.err().strip().replace("\n", "\\n"));
        }
    }
}
