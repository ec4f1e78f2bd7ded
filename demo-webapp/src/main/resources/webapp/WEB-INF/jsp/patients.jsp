<%@ include file="header.jspf" %>
<h1>Patients</h1>
<form method="get" action="${pageContext.request.contextPath}/patients" class="search">
  <label>Name starts with <input name="name" id="search-name" value="${fn:escapeXml(search.namePrefix())}"></label>
  <label>SSN <input name="ssn" id="search-ssn" value="${fn:escapeXml(search.ssn())}" placeholder="123-45-6789"></label>
  <label>Ward
    <select name="ward" id="search-ward">
      <option value="">any</option>
      <c:forEach var="w" items="${wards}">
        <option value="${fn:escapeXml(w)}" ${w == search.ward() ? 'selected' : ''}><c:out value="${w}"/></option>
      </c:forEach>
    </select>
  </label>
  <input type="hidden" name="sort" value="${fn:escapeXml(search.sort())}">
  <button type="submit" id="search">Search</button>
</form>
<p class="count" id="count"><c:out value="${total}"/> patients</p>
<c:url var="base" value="/patients">
  <c:param name="name" value="${search.namePrefix()}"/>
  <c:param name="ssn" value="${search.ssn()}"/>
  <c:param name="ward" value="${search.ward()}"/>
</c:url>
<table id="patients">
  <thead><tr>
    <th><a href="${base}&amp;sort=id">#</a></th>
    <th><a href="${base}&amp;sort=name" id="sort-name">Name</a></th>
    <th>SSN</th><th>Age</th>
    <th><a href="${base}&amp;sort=ward" id="sort-ward">Ward</a></th>
    <th><a href="${base}&amp;sort=admitted" id="sort-admitted">Admitted</a></th>
    <th>Status</th>
  </tr></thead>
  <tbody>
  <c:forEach var="p" items="${patients}">
    <tr>
      <td><c:out value="${p.id()}"/></td>
      <td><a class="patient-link" href="${pageContext.request.contextPath}/patient?id=${p.id()}"><c:out value="${p.name()}"/></a></td>
      <td><c:out value="${p.ssn()}"/></td>
      <td><c:out value="${p.age()}"/></td>
      <td><c:out value="${p.ward()}"/></td>
      <td><c:out value="${p.admitted()}"/></td>
      <td><c:out value="${p.inWard() ? 'in ward' : 'discharged'}"/></td>
    </tr>
  </c:forEach>
  </tbody>
</table>
<nav class="pages">
  <c:if test="${search.page() > 1}"><a id="prev" href="${base}&amp;sort=${search.sort()}&amp;page=${search.page() - 1}">&laquo; previous</a></c:if>
  page <c:out value="${search.page()}"/> of <c:out value="${pages}"/>
  <c:if test="${search.page() < pages}"><a id="next" href="${base}&amp;sort=${search.sort()}&amp;page=${search.page() + 1}">next &raquo;</a></c:if>
</nav>
<%@ include file="footer.jspf" %>
