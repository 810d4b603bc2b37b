package dev.keyport.archfixture.compliant.adapter.startup;

import dev.keyport.archfixture.compliant.application.login.port.in.LogIn;

/** Another driving adapter: a driving port only, no other adapter. */
public final class StartupTask {
    public StartupTask(LogIn logIn) {
        logIn.logIn("warm-up");
    }
}
