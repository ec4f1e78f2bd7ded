package org.example.hospital;

import java.time.LocalDate;
import java.time.Period;

/** A patient as the pages show it. */
public record Patient(int id, String name, String ssn, LocalDate birthDate, String phone, String ward, LocalDate admitted,
                      LocalDate discharged) {

    /** Age in whole years today. */
    public int age() {
        return Period.between(birthDate, LocalDate.now()).getYears();
    }

    /** Not discharged yet. */
    public boolean inWard() {
        return discharged == null;
    }
}
