package org.example.hospital;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Patients: search with paging and sorting, one record, create, edit, discharge, delete. */
public final class PatientDao {
    /** The sort orders the list offers, by the name in the URL. */
    static final Map<String, String> SORTS = Map.of(
            "name", "name", "ward", "ward, name", "admitted", "admitted DESC, name", "id", "id");
    private static final String COLUMNS = "id, name, ssn, birth_date, phone, ward, admitted, discharged";

    private final DataSource ds;

    public PatientDao(DataSource ds) {
        this.ds = ds;
    }

    /** The search form's criteria; blank ones are ignored. */
    public record Search(String namePrefix, String ssn, String ward, String sort, int page, int pageSize) {
    }

    /** One page of patients matching {@code s}, and how many match in all. */
    public record Page(List<Patient> patients, long total) {
    }

    public Page search(Search s) throws SQLException {
        // built by concatenation, the way this application always has: values escaped, the sort from a fixed list
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (!blank(s.namePrefix())) {
            where.append(" AND name LIKE ").append(Sql.prefixPattern(s.namePrefix().trim()));
        }
        if (!blank(s.ssn())) {
            where.append(" AND ssn = ").append(Sql.quote(s.ssn().trim()));
        }
        if (!blank(s.ward())) {
            where.append(" AND ward = ").append(Sql.quote(s.ward().trim()));
        }
        String order = SORTS.getOrDefault(s.sort(), "name");
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            long total;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM patients" + where)) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Patient> list = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM patients" + where + " ORDER BY " + order
                    + " LIMIT " + s.pageSize() + " OFFSET " + (long) Math.max(0, s.page() - 1) * s.pageSize())) {
                while (rs.next()) {
                    list.add(patient(rs));
                }
            }
            return new Page(list, total);
        }
    }

    public Patient find(int id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM patients WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? patient(rs) : null;
            }
        }
    }

    /** Stores a new patient and returns its id. */
    public int create(String name, String ssn, LocalDate birthDate, String phone, String ward) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO patients (name, ssn, birth_date, phone, ward, admitted) "
                     + "VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, ssn);
            ps.setDate(3, Date.valueOf(birthDate));
            ps.setString(4, phone);
            ps.setString(5, ward);
            ps.setDate(6, Date.valueOf(LocalDate.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        }
    }

    public void update(int id, String name, String ssn, LocalDate birthDate, String phone, String ward) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE patients SET name = ?, ssn = ?, birth_date = ?, phone = ?, ward = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, ssn);
            ps.setDate(3, Date.valueOf(birthDate));
            ps.setString(4, phone);
            ps.setString(5, ward);
            ps.setInt(6, id);
            ps.executeUpdate();
        }
    }

    public void discharge(int id) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE patients SET discharged = CURDATE() WHERE discharged IS NULL AND id = " + id);
        }
    }

    /** Deletes the patient and everything recorded about them, in one transaction. */
    public void delete(int id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                String visits = "SELECT id FROM visits WHERE patient_id = " + id;
                st.executeUpdate("DELETE FROM diagnoses WHERE visit_id IN (" + visits + ")");
                st.executeUpdate("DELETE FROM prescriptions WHERE visit_id IN (" + visits + ")");
                st.executeUpdate("DELETE FROM visits WHERE patient_id = " + id);
                st.executeUpdate("DELETE FROM patients WHERE id = " + id);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The wards that have patients, for the search form. */
    public List<String> wards() throws SQLException {
        List<String> wards = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT ward FROM patients ORDER BY ward")) {
            while (rs.next()) {
                wards.add(rs.getString(1));
            }
        }
        return wards;
    }

    /** Patients, patients still in the ward, average age and average stay of discharged ones, per ward. */
    public List<WardRow> report() throws SQLException {
        List<WardRow> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ward, COUNT(*), SUM(discharged IS NULL), "
                     + "AVG(TIMESTAMPDIFF(YEAR, birth_date, CURDATE())), AVG(DATEDIFF(discharged, admitted)) "
                     + "FROM patients GROUP BY ward ORDER BY ward")) {
            while (rs.next()) {
                rows.add(new WardRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5)));
            }
        }
        return rows;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Patient patient(ResultSet rs) throws SQLException {
        Date discharged = rs.getDate("discharged");
        return new Patient(rs.getInt("id"), rs.getString("name"), rs.getString("ssn"), rs.getDate("birth_date").toLocalDate(),
                rs.getString("phone"), rs.getString("ward"), rs.getDate("admitted").toLocalDate(),
                discharged == null ? null : discharged.toLocalDate());
    }
}
