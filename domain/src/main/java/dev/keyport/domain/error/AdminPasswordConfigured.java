package dev.keyport.domain.error;

/** The admin password is set in configuration, so it is changed there (and takes effect on restart), not through the API. */
public final class AdminPasswordConfigured extends DomainException {
    public AdminPasswordConfigured() {
        super("the admin password is set in configuration (KEYPORT_ADMIN_PASSWORD); change it there and restart");
    }
}
