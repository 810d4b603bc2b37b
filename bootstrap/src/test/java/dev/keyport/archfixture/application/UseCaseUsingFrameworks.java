package dev.keyport.archfixture.application;

import io.micronaut.context.ApplicationContext;
import java.sql.Connection;

/** Deliberately breaks the application rules: a use case touching Micronaut and JDBC. Test fixture only. */
public class UseCaseUsingFrameworks {
    public Connection connection(ApplicationContext context) {
        return context.getBean(Connection.class);
    }
}
