package dev.keyport.archfixture.violating.application.login.port.in;

/** Another feature's driving port. */
public interface LogIn {
    boolean logIn(String keyId);
}
