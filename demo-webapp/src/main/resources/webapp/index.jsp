<% response.sendRedirect(request.getContextPath() + "/patients"); %>
