package org.example.hospital;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.sql.SQLException;

/** The patient list: search by name prefix, exact SSN or ward; paging; sorting. */
public final class PatientsServlet extends HttpServlet {
    static final int PAGE_SIZE = 20;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        PatientDao dao = new PatientDao(Web.dataSource(request));
        String requested = request.getParameter("sort");
        String sort = requested != null && PatientDao.SORTS.containsKey(requested) ? requested : "name";
        int page = Math.max(1, Web.intParameter(request, "page", 1));
        PatientDao.Search search = new PatientDao.Search(request.getParameter("name"), request.getParameter("ssn"),
                request.getParameter("ward"), sort, page, PAGE_SIZE);
        try {
            PatientDao.Page result = dao.search(search);
            request.setAttribute("search", search);
            request.setAttribute("patients", result.patients());
            request.setAttribute("total", result.total());
            request.setAttribute("pages", Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE));
            request.setAttribute("wards", dao.wards());
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        Web.render(request, response, "patients");
    }
}
