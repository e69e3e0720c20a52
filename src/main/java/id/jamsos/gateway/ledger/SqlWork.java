package id.jamsos.gateway.ledger;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of JDBC work run on a borrowed connection. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
