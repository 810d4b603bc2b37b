package dev.keyport.archfixture.violating.adapter.startup;

import dev.keyport.archfixture.violating.adapter.db.TableKeys;

/** Breaks "adapters do not know each other": a driving adapter writing through a driven adapter. */
public final class StartupUsingTable {
    public StartupUsingTable(TableKeys table) {
        table.find("warm-up");
    }
}
