package org.sitewatch.sink.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A view of a data source whose connections act as another role ({@code SET ROLE}) and give it up
 * again ({@code RESET ROLE}) when closed, so that a pooled connection goes back to the pool as the
 * account it was opened with. Flyway migrates through it as the owner, so the tables belong to the
 * owner role whoever runs {@code sitewatch db migrate}.
 */
public final class OwnerDataSource {
  private OwnerDataSource() {}

  public static DataSource as(DataSource dataSource, String role) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                Connection c = (Connection) invoke(method, dataSource, args);
                try (Statement s = c.createStatement()) {
                  s.execute("SET ROLE " + role);
                } catch (SQLException e) {
                  c.close();
                  throw e;
                }
                return connection(c);
              }
              return invoke(method, dataSource, args);
            });
  }

  private static Connection connection(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && !c.isClosed()) {
                try (Statement s = c.createStatement()) {
                  if (!c.getAutoCommit()) {
                    c.rollback();
                  }
                  s.execute("RESET ROLE");
                } catch (SQLException e) {
                  // a broken connection: the pool discards it
                }
              }
              return invoke(method, c, args);
            });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
