<%@ include file="header.jspf" %>
<%@ taglib prefix="fmt" uri="jakarta.tags.fmt" %>
<h1>Ward report</h1>
<table id="report">
  <thead><tr><th>Ward</th><th>Patients</th><th>In the ward</th><th>Average age</th><th>Average stay (days)</th></tr></thead>
  <tbody>
  <c:forEach var="r" items="${rows}">
    <tr>
      <td><c:out value="${r.ward()}"/></td>
      <td><c:out value="${r.patients()}"/></td>
      <td><c:out value="${r.inWard()}"/></td>
      <td><fmt:formatNumber value="${r.averageAge()}" maxFractionDigits="1"/></td>
      <td><fmt:formatNumber value="${r.averageStayDays()}" maxFractionDigits="1"/></td>
    </tr>
  </c:forEach>
  </tbody>
</table>
<%@ include file="footer.jspf" %>
