package dev.keyport.archfixture.violating.application.keys.port.in;

import dev.keyport.archfixture.violating.application.keys.service.KeyService;

/** Breaks "ports know no service": a driving port that names the class implementing it. */
public interface DisableKeyNamingItsService {
    KeyService implementation();
}
