package io.splitdb.cli;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The operations {@code splitdb bench} times, over the demo hospital's schema and data, each the
 * JDBC a hospital application would run (prepared statements on one connection per thread).
 */
final class BenchOperations implements AutoCloseable {
    /** Operation names, as in the JSON output. */
    static final List<String> NAMES = List.of("read_by_key", "search_ssn", "ward_page", "insert_visit", "update_diagnosis", "mix_90_10");
    private static final String[] WARDS = {"Cardiology", "Oncology", "Pediatrics", "Neurology", "Orthopedics", "Maternity", "Geriatrics", "ICU"};

    private final int patients;
    private final int diagnoses;
    private final SplittableRandom random;
    private final PreparedStatement byKey;
    private final PreparedStatement bySsn;
    private final PreparedStatement wardPage;
    private final PreparedStatement insertVisit;
    private final PreparedStatement updateDiagnosis;

    BenchOperations(Connection c, int patients, int diagnoses, long seed) throws SQLException {
        this.patients = patients;
        this.diagnoses = diagnoses;
        this.random = new SplittableRandom(seed);
        byKey = c.prepareStatement("SELECT id, name, ssn, birth_date, phone, ward, admitted, discharged FROM patients WHERE id = ?");
        bySsn = c.prepareStatement("SELECT id, name, ward FROM patients WHERE ssn = ?");
        wardPage = c.prepareStatement("SELECT id, name, admitted FROM patients WHERE ward = ? ORDER BY admitted DESC, id LIMIT 20");
        insertVisit = c.prepareStatement("INSERT INTO visits (patient_id, visit_date, doctor, notes) VALUES (?, ?, ?, ?)");
        updateDiagnosis = c.prepareStatement("UPDATE diagnoses SET description = ? WHERE id = ?");
    }

    /** Runs one operation of kind {@code name}; returns rows read or written (checked, so no run is empty work). */
    int run(String name) throws SQLException {
        return switch (name) {
            case "read_by_key" -> readByKey();
            case "search_ssn" -> searchSsn();
            case "ward_page" -> wardPage();
            case "insert_visit" -> insertVisit();
            case "update_diagnosis" -> updateDiagnosis();
            case "mix_90_10" -> mix();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private int mix() throws SQLException {
        int r = random.nextInt(100);
        if (r < 30) {
            return readByKey();
        }
        if (r < 60) {
            return searchSsn();
        }
        if (r < 90) {
            return wardPage();
        }
        return r < 95 ? insertVisit() : updateDiagnosis();
    }

    private int readByKey() throws SQLException {
        byKey.setInt(1, 1 + random.nextInt(patients));
        return count(byKey);
    }

    private int searchSsn() throws SQLException {
        bySsn.setString(1, io.splitdb.demo.DataGenerator.ssn(1 + random.nextInt(patients)));
        return count(bySsn);
    }

    private int wardPage() throws SQLException {
        wardPage.setString(1, WARDS[random.nextInt(WARDS.length)]);
        return count(wardPage);
    }

    private int insertVisit() throws SQLException {
        insertVisit.setInt(1, 1 + random.nextInt(patients));
        insertVisit.setDate(2, Date.valueOf(LocalDate.of(2026, 1, 1).plusDays(random.nextInt(300))));
        insertVisit.setString(3, "Dr. Bench");
        insertVisit.setString(4, "Routine check, blood pressure " + (100 + random.nextInt(60)));
        return insertVisit.executeUpdate();
    }

    private int updateDiagnosis() throws SQLException {
        updateDiagnosis.setString(1, "Reviewed " + random.nextInt(1_000_000));
        updateDiagnosis.setInt(2, 1 + random.nextInt(diagnoses));
        return updateDiagnosis.executeUpdate();
    }

    private static int count(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(2);
                n++;
            }
        }
        if (n == 0) {
            throw new SQLException("benchmark query found no rows: the data is not what was generated");
        }
        return n;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : new PreparedStatement[] {byKey, bySsn, wardPage, insertVisit, updateDiagnosis}) {
            ps.close();
        }
    }
}
