package org.example.hospital;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** One patient's record (GET), and what can be done to it (POST: add a visit, discharge, delete). */
public final class PatientServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        int id = Web.intParameter(request, "id", -1);
        try {
            Patient p = new PatientDao(Web.dataSource(request)).find(id);
            if (p == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "No patient " + id);
                return;
            }
            request.setAttribute("patient", p);
            request.setAttribute("visits", new VisitDao(Web.dataSource(request)).forPatient(id));
            request.setAttribute("today", LocalDate.now());
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        Web.render(request, response, "patient");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!Web.validPost(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Form expired: reload the page");
            return;
        }
        int id = Web.intParameter(request, "id", -1);
        PatientDao patients = new PatientDao(Web.dataSource(request));
        try {
            switch (String.valueOf(request.getParameter("action"))) {
                case "visit" -> {
                    LocalDate date = LocalDate.parse(request.getParameter("date"));
                    new VisitDao(Web.dataSource(request)).add(id, date, request.getParameter("doctor"), request.getParameter("notes"),
                            request.getParameter("icd10"), request.getParameter("diagnosis"), request.getParameter("drug"),
                            request.getParameter("dose"), Web.intParameter(request, "days", 0));
                }
                case "discharge" -> patients.discharge(id);
                case "delete" -> {
                    patients.delete(id);
                    response.sendRedirect(request.getContextPath() + "/patients?deleted=" + id);
                    return;
                }
                default -> {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Unknown action");
                    return;
                }
            }
        } catch (DateTimeParseException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Dates are written yyyy-mm-dd");
            return;
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        response.sendRedirect(request.getContextPath() + "/patient?id=" + id);
    }
}
