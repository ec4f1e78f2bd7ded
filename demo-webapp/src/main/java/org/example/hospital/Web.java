package org.example.hospital;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import javax.sql.DataSource;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** What the servlets share: the pool, the CSRF token of the session, rendering a JSP. */
final class Web {
    static final String USER = "hospital.user";
    static final String CSRF = "csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Web() {
    }

    static DataSource dataSource(HttpServletRequest request) {
        return (DataSource) request.getServletContext().getAttribute(AppListener.DATA_SOURCE);
    }

    /** The session's anti-forgery token, made on first use. */
    static String csrfToken(HttpSession session) {
        Object token = session.getAttribute(CSRF);
        if (token == null) {
            byte[] b = new byte[16];
            RANDOM.nextBytes(b);
            token = HexFormat.of().formatHex(b);
            session.setAttribute(CSRF, token);
        }
        return (String) token;
    }

    /** Whether a POST carries the session's token. */
    static boolean validPost(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String sent = request.getParameter(CSRF);
        return session != null && sent != null && session.getAttribute(CSRF) instanceof String token
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
    }

    static void render(HttpServletRequest request, HttpServletResponse response, String page) throws ServletException, IOException {
        request.setAttribute(CSRF, csrfToken(request.getSession()));
        request.getRequestDispatcher("/WEB-INF/jsp/" + page + ".jsp").forward(request, response);
    }

    static int intParameter(HttpServletRequest request, String name, int dflt) {
        try {
            return Integer.parseInt(request.getParameter(name));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
