package io.splitdb.cli;

import io.splitdb.exec.Backend;
import io.splitdb.exec.SplitDatabase;

/** How the commands name the backends. */
final class Backends {
    private Backends() {
    }

    /** One line per backend: in service or not. */
    static void printState(SplitDatabase db, java.io.PrintStream out) {
        for (Backend b : db.backends().all()) {
            out.println("  " + b + ": " + (b.isUp() ? "in service" : "OUT OF SERVICE"));
        }
    }
}
