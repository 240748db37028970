package otb.baseline.store;

import com.sun.security.auth.module.UnixSystem;

/** The operating system's name for the user running otb: who a change is by when no one is named. */
public final class OsUser {
    private OsUser() {
    }

    /**
     * The login name of the process's user as the OS reports it (not an environment variable,
     * which anyone can set); {@code uid N} when the OS knows no name for it.
     */
    public static String loginName() {
        String name = ProcessHandle.current().info().user().orElse("");
        if (name.isBlank()) {
            name = System.getProperty("user.name", "");
        }
        if (!name.isBlank() && !name.equals("?")) {
            int backslash = name.lastIndexOf('\\');
            return backslash >= 0 ? name.substring(backslash + 1) : name;
        }
        try {
            return "uid " + new UnixSystem().getUid();
        } catch (RuntimeException | LinkageError e) {
            return "uid ?";
        }
    }
}
