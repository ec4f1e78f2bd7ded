package io.splitdb.demo;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Random;

/**
 * Synthetic hospital data: patients with names from many languages, SSN-like numbers, wards,
 * admissions and discharges, visits with ICD-10 diagnoses and prescriptions. The same seed gives the
 * same rows. Written in JDBC batches, one transaction per table.
 */
public final class DataGenerator {
    static final String[] FIRST = {"Ada", "Chloé", "Jürgen", "Mei", "Olusegun", "Aarav", "Søren", "María", "Yuki", "Fatima",
            "Liam", "Zoë", "Dmitri", "Aisha", "Mateo", "Ingrid", "Kwame", "Léa", "Hiroshi", "Nadia", "Tomás", "Elif", "Rahul",
            "Grace", "Björn", "Amara", "Luca", "Sofía", "Wei", "Anya"};
    static final String[] LAST = {"Martin", "Weiß", "Nakamura", "Adeyemi", "Sharma", "Kierkegaard", "García", "Tanaka",
            "Haddad", "O'Brien", "Novak", "Okafor", "Rossi", "Lindqvist", "Mensah", "Dubois", "Yamamoto", "Kowalski",
            "Fernández", "Chen", "Ivanova", "Müller", "Patel", "Johansson", "Costa", "Nguyen", "Schmidt", "Öztürk", "Silva", "Kim"};
    static final String[] WARDS = {"Cardiology", "Oncology", "Pediatrics", "Neurology", "Orthopedics", "Maternity", "Geriatrics", "ICU"};
    static final String[][] ICD10 = {{"I10", "Essential (primary) hypertension"}, {"E11.9", "Type 2 diabetes mellitus without complications"},
            {"J45.909", "Unspecified asthma, uncomplicated"}, {"I48.91", "Unspecified atrial fibrillation"},
            {"C50.911", "Malignant neoplasm of unspecified site of right female breast"}, {"S72.001A", "Fracture of unspecified part of neck of right femur"},
            {"G40.909", "Epilepsy, unspecified"}, {"F32.9", "Major depressive disorder, single episode"}, {"N18.3", "Chronic kidney disease, stage 3"},
            {"J18.9", "Pneumonia, unspecified organism"}, {"O80", "Encounter for full-term uncomplicated delivery"},
            {"M17.11", "Unilateral primary osteoarthritis, right knee"}, {"I21.4", "Non-ST elevation myocardial infarction"},
            {"G20", "Parkinson's disease"}, {"A09", "Infectious gastroenteritis and colitis"}};
    static final String[][] DRUGS = {{"Metformin", "500 mg twice daily"}, {"Lisinopril", "10 mg daily"}, {"Salbutamol", "2 puffs as needed"},
            {"Apixaban", "5 mg twice daily"}, {"Paracetamol", "1 g four times daily"}, {"Amoxicillin", "500 mg three times daily"},
            {"Levetiracetam", "500 mg twice daily"}, {"Sertraline", "50 mg daily"}, {"Atorvastatin", "20 mg daily"}, {"Ibuprofen", "400 mg as needed"}};
    static final String[] DOCTORS = {"Dr. Okonkwo", "Dr. Lindgren", "Dr. Sato", "Dr. Moreau", "Dr. Haddad", "Dr. Patel", "Dr. Novak"};
    static final String[] NOTES = {"Stable, follow up in three months.", "Reports chest pain on exertion.", "Blood pressure improved.",
            "Shortness of breath at night.", "Wound healing well.", "Referred to physiotherapy.", "Allergic to penicillin.",
            "Family history of heart disease.", "Tolerating medication, no side effects.", "Discussed lifestyle changes."};

    private DataGenerator() {
    }

    /** What was written. */
    public record Counts(int patients, int visits, int diagnoses, int prescriptions) {
    }

    /**
     * Writes {@code patients} patients with their visits, diagnoses and prescriptions into empty
     * tables, with ids from 1.
     */
    public static Counts generate(Connection c, long seed, int patients) throws SQLException {
        Random r = new Random(seed);
        LocalDate today = LocalDate.of(2026, 11, 1);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int visitId = 0;
        int diagnoses = 0;
        int prescriptions = 0;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO patients (id, name, ssn, birth_date, phone, ward, admitted, discharged) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement v = c.prepareStatement("INSERT INTO visits (id, patient_id, visit_date, doctor, notes) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement d = c.prepareStatement("INSERT INTO diagnoses (visit_id, icd10, description) VALUES (?, ?, ?)");
             PreparedStatement rx = c.prepareStatement("INSERT INTO prescriptions (visit_id, drug, dose, days) VALUES (?, ?, ?, ?)")) {
            for (int id = 1; id <= patients; id++) {
                LocalDate born = LocalDate.of(1930, 1, 1).plusDays(r.nextInt(90 * 365));
                LocalDate admitted = today.minusDays(1 + r.nextInt(700));
                LocalDate discharged = r.nextInt(10) < 6 ? admitted.plusDays(1 + r.nextInt(30)) : null;
                p.setInt(1, id);
                p.setString(2, FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)]);
                p.setString(3, ssn(id));
                p.setDate(4, Date.valueOf(born));
                p.setString(5, String.format("+1 555 %03d %04d", r.nextInt(1000), r.nextInt(10_000)));
                p.setString(6, WARDS[r.nextInt(WARDS.length)]);
                p.setDate(7, Date.valueOf(admitted));
                p.setDate(8, discharged == null ? null : Date.valueOf(discharged));
                p.addBatch();
                int visits = 1 + r.nextInt(3);
                for (int k = 0; k < visits; k++) {
                    visitId++;
                    v.setInt(1, visitId);
                    v.setInt(2, id);
                    v.setDate(3, Date.valueOf(admitted.plusDays(k * 7L)));
                    v.setString(4, DOCTORS[r.nextInt(DOCTORS.length)]);
                    v.setString(5, NOTES[r.nextInt(NOTES.length)]);
                    v.addBatch();
                    String[] icd = ICD10[r.nextInt(ICD10.length)];
                    d.setInt(1, visitId);
                    d.setString(2, icd[0]);
                    d.setString(3, icd[1]);
                    d.addBatch();
                    diagnoses++;
                    if (r.nextBoolean()) {
                        String[] drug = DRUGS[r.nextInt(DRUGS.length)];
                        rx.setInt(1, visitId);
                        rx.setString(2, drug[0]);
                        rx.setString(3, drug[1]);
                        rx.setInt(4, 5 + r.nextInt(60));
                        rx.addBatch();
                        prescriptions++;
                    }
                }
                if (id % 500 == 0 || id == patients) {
                    p.executeBatch();
                    v.executeBatch();
                    d.executeBatch();
                    rx.executeBatch();
                    c.commit();
                }
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return new Counts(patients, visitId, diagnoses, prescriptions);
    }

    /** A unique SSN-like number for patient {@code id} (never a real one: area 900-999 is not issued). */
    public static String ssn(int id) {
        int n = (int) ((id * 7_919L) % 1_000_000);
        return String.format("%03d-%02d-%04d", 900 + id % 100, (n / 10_000) % 100, n % 10_000);
    }
}
