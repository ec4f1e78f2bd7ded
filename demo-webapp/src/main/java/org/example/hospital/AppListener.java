package org.example.hospital;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Opens the application's connection pool from a properties file (jdbc.url, jdbc.user,
 * jdbc.password), named by the context parameter {@code hospital.properties}, as such
 * applications do: the JDBC URL is configuration, not code.
 */
public final class AppListener implements ServletContextListener {
    /** The context attribute holding the {@link javax.sql.DataSource}. */
    public static final String DATA_SOURCE = "hospital.dataSource";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String file = context.getInitParameter("hospital.properties");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(p.getProperty("jdbc.url"));
        config.setUsername(p.getProperty("jdbc.user"));
        config.setPassword(p.getProperty("jdbc.password"));
        config.setMaximumPoolSize(Integer.parseInt(p.getProperty("jdbc.pool-size", "10")));
        config.setPoolName("hospital");
        context.setAttribute(DATA_SOURCE, new HikariDataSource(config));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (event.getServletContext().getAttribute(DATA_SOURCE) instanceof HikariDataSource ds) {
            ds.close();
        }
    }
}
