package dev.keyport.archfixture.compliant.application.login.port.in;

/** Another feature's driving port. */
public interface LogIn {
    boolean logIn(String keyId);
}
