package org.example.hospital;

/** One line of the ward report. */
public record WardRow(String ward, long patients, long inWard, double averageAge, double averageStayDays) {
}
