package dev.keyport.archfixture.violating.domain;

/** Breaks "domain state is final": a field anyone holding the object can change. */
public final class MutableKey {
    private boolean enabled;

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }
}
