package org.example.hospital;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;

/** The ward report: patients per ward, still in the ward, average age, average stay. */
public final class ReportServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        try {
            request.setAttribute("rows", new PatientDao(Web.dataSource(request)).report());
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        Web.render(request, response, "report");
    }
}
