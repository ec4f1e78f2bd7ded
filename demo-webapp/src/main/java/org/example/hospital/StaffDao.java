package org.example.hospital;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Staff accounts: sign-in and creation. */
public final class StaffDao {
    private final DataSource ds;

    public StaffDao(DataSource ds) {
        this.ds = ds;
    }

    /** The staff member's full name if {@code password} is theirs, else null. */
    public String signIn(String username, String password) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT full_name, password_hash FROM staff WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    Passwords.matches(password, Passwords.hash("")); // the same work for an unknown name
                    return null;
                }
                return Passwords.matches(password, rs.getString(2)) ? rs.getString(1) : null;
            }
        }
    }

    /** Creates an account, or sets the password of an existing one. */
    public void save(String username, String fullName, String password) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO staff (username, full_name, password_hash) VALUES (?, ?, ?) "
                     + "ON DUPLICATE KEY UPDATE full_name = VALUES(full_name), password_hash = VALUES(password_hash)")) {
            ps.setString(1, username);
            ps.setString(2, fullName);
            ps.setString(3, Passwords.hash(password));
            ps.executeUpdate();
        }
    }
}
