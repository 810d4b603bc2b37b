package dev.keyport.archfixture.violating.application.keys.port.out;

import dev.keyport.archfixture.violating.application.keys.port.in.DisableKey;

/** Breaks "port.out knows no port.in": a driven port that takes a use-case command. */
public interface KeysTakingCommand {
    void apply(DisableKey.Command command);
}
