package org.example.hospital;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Create (no id) or edit (id) a patient. */
public final class PatientFormServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        int id = Web.intParameter(request, "id", -1);
        if (id > 0) {
            try {
                request.setAttribute("patient", new PatientDao(Web.dataSource(request)).find(id));
            } catch (SQLException e) {
                throw new ServletException(e);
            }
        }
        Web.render(request, response, "patient-form");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!Web.validPost(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Form expired: reload the page");
            return;
        }
        int id = Web.intParameter(request, "id", -1);
        String name = request.getParameter("name");
        String ssn = request.getParameter("ssn");
        String ward = request.getParameter("ward");
        LocalDate born;
        try {
            born = LocalDate.parse(request.getParameter("birthDate"));
        } catch (DateTimeParseException | NullPointerException e) {
            born = null;
        }
        if (name == null || name.isBlank() || ssn == null || !ssn.matches("\\d{3}-\\d{2}-\\d{4}") || born == null || ward == null || ward.isBlank()) {
            request.setAttribute("error", "Name, an SSN like 123-45-6789, a birth date (yyyy-mm-dd) and a ward are required.");
            Web.render(request, response, "patient-form");
            return;
        }
        PatientDao dao = new PatientDao(Web.dataSource(request));
        try {
            if (id > 0) {
                dao.update(id, name.trim(), ssn, born, request.getParameter("phone"), ward.trim());
            } else {
                id = dao.create(name.trim(), ssn, born, request.getParameter("phone"), ward.trim());
            }
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        response.sendRedirect(request.getContextPath() + "/patient?id=" + id);
    }
}
