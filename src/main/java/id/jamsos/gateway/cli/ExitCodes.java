package id.jamsos.gateway.cli;

/**
 * Exit codes shared by the commands, for systemd ({@code RestartPreventExitStatus},
 * {@code RestartForceExitStatus}), Kubernetes and scripts. A command may add its own 1 (some work
 * not done, see the command); 2 and 3 mean the same everywhere. docs/operations.md lists them.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** The configuration is wrong (or a database or broker refused the gateway's login): a person must act; starting again will not help. */
    public static final int CONFIGURATION = 2;
    /** The database or the broker did not answer: nothing is wrong with the configuration; start again later. */
    public static final int DEPENDENCY_UNAVAILABLE = 3;

    private ExitCodes() {
    }
}
