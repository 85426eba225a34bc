package cn.palmcommunity.testsupport;

import io.vertx.pgclient.PgException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL error a statement run through {@link Fixtures#sql} must end with. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    public static PgException refused(Runnable statement) {
        Throwable thrown = assertThrows(Throwable.class, statement::run);
        Throwable cause = thrown;
        while (!(cause instanceof PgException) && cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof PgException, () -> "a database error, got " + thrown);
        return (PgException) cause;
    }
}
