package dev.keyport.archfixture.violating.application.login.service;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks "the core does no I/O": a use case talking JDBC (java.sql compiles anywhere: it is in the JDK). */
public final class SqlLogin {
    private SqlLogin() {}

    public static boolean logIn(Connection connection) throws SQLException {
        return connection.isValid(1);
    }
}
