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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A patient's visits, with their diagnoses and prescriptions. */
public final class VisitDao {
    private final DataSource ds;

    public VisitDao(DataSource ds) {
        this.ds = ds;
    }

    /** The patient's visits, newest first. */
    public List<Visit> forPatient(int patientId) throws SQLException {
        Map<Integer, Visit> visits = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, visit_date, doctor, notes FROM visits WHERE patient_id = ? ORDER BY visit_date DESC, id DESC")) {
                ps.setInt(1, patientId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visits.put(rs.getInt(1), new Visit(rs.getInt(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                                new ArrayList<>(), new ArrayList<>()));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT d.visit_id, d.icd10, d.description FROM diagnoses d "
                    + "JOIN visits v ON v.id = d.visit_id WHERE v.patient_id = ? ORDER BY d.id")) {
                ps.setInt(1, patientId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Visit v = visits.get(rs.getInt(1));
                        if (v != null) {
                            v.diagnoses().add(new Visit.Diagnosis(rs.getString(2), rs.getString(3)));
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT p.visit_id, p.drug, p.dose, p.days FROM prescriptions p "
                    + "JOIN visits v ON v.id = p.visit_id WHERE v.patient_id = ? ORDER BY p.id")) {
                ps.setInt(1, patientId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Visit v = visits.get(rs.getInt(1));
                        if (v != null) {
                            v.prescriptions().add(new Visit.Prescription(rs.getString(2), rs.getString(3), rs.getInt(4)));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(visits.values());
    }

    /** Records a visit with at most one diagnosis and one prescription, in one transaction. */
    public void add(int patientId, LocalDate date, String doctor, String notes, String icd10, String diagnosis,
                    String drug, String dose, int days) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                int visitId;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO visits (patient_id, visit_date, doctor, notes) VALUES (?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setInt(1, patientId);
                    ps.setDate(2, Date.valueOf(date));
                    ps.setString(3, doctor);
                    ps.setString(4, notes);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        visitId = keys.getInt(1);
                    }
                }
                if (icd10 != null && !icd10.isBlank()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO diagnoses (visit_id, icd10, description) VALUES (?, ?, ?)")) {
                        ps.setInt(1, visitId);
                        ps.setString(2, icd10.trim().toUpperCase());
                        ps.setString(3, diagnosis == null ? "" : diagnosis);
                        ps.executeUpdate();
                    }
                }
                if (drug != null && !drug.isBlank()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO prescriptions (visit_id, drug, dose, days) VALUES (?, ?, ?, ?)")) {
                        ps.setInt(1, visitId);
                        ps.setString(2, drug);
                        ps.setString(3, dose == null ? "" : dose);
                        ps.setInt(4, days);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
