package org.example.hospital;

import java.time.LocalDate;
import java.util.List;

/** One visit with what was diagnosed and prescribed. */
public record Visit(int id, LocalDate date, String doctor, String notes, List<Diagnosis> diagnoses, List<Prescription> prescriptions) {

    /** An ICD-10 code and its description. */
    public record Diagnosis(String icd10, String description) {
    }

    /** A drug, its dose and for how many days. */
    public record Prescription(String drug, String dose, int days) {
    }
}
