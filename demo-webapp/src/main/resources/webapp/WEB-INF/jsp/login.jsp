<%@ include file="header.jspf" %>
<section class="card narrow">
  <h1>Sign in</h1>
  <c:if test="${not empty error}"><p class="error" id="error"><c:out value="${error}"/></p></c:if>
  <form method="post" action="${pageContext.request.contextPath}/login">
    <label>User name <input name="username" id="username" autocomplete="username" required></label>
    <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" id="signin">Sign in</button>
  </form>
</section>
<%@ include file="footer.jspf" %>
