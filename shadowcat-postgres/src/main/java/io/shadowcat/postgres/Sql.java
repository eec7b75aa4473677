package io.shadowcat.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** One piece of work on a connection; the store translates its failure. */
@FunctionalInterface
interface Sql<T> {
    T run(Connection c) throws SQLException;
}
