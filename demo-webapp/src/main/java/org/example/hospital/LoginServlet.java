package org.example.hospital;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.sql.SQLException;

/** Sign-in (GET the form, POST the credentials) and sign-out (POST /logout). */
public final class LoginServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (request.getServletPath().equals("/logout")) {
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        Web.render(request, response, "login");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (request.getServletPath().equals("/logout")) {
            HttpSession session = request.getSession(false);
            if (session != null && Web.validPost(request)) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        String fullName;
        try {
            fullName = new StaffDao(Web.dataSource(request)).signIn(request.getParameter("username"), request.getParameter("password"));
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        if (fullName == null) {
            request.setAttribute("error", "Unknown user name or wrong password.");
            Web.render(request, response, "login");
            return;
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate(); // a new session id after sign-in
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(Web.USER, fullName);
        response.sendRedirect(request.getContextPath() + "/patients");
    }
}
