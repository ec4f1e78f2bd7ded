package org.example.hospital;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;

/** Every page but the sign-in page and the style sheet needs a signed-in staff member. */
public final class SignedInFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String path = request.getServletPath();
        HttpSession session = request.getSession(false);
        if (path.equals("/login") || path.startsWith("/css/") || (session != null && session.getAttribute(Web.USER) != null)) {
            response.setHeader("Cache-Control", "no-store");
            chain.doFilter(request, response);
            return;
        }
        response.sendRedirect(request.getContextPath() + "/login");
    }
}
