package dev.keyport.archfixture.violating.adapter.startup;

import dev.keyport.archfixture.violating.application.login.port.in.LogIn;

/** Another driving adapter: a driving port only, no other adapter. */
public final class StartupTask {
    public StartupTask(LogIn logIn) {
        logIn.logIn("warm-up");
    }
}
