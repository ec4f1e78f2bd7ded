<%@ include file="header.jspf" %>
<section class="card narrow">
  <h1><c:out value="${empty patient ? 'New patient' : 'Edit patient'}"/></h1>
  <c:if test="${not empty error}"><p class="error" id="error"><c:out value="${error}"/></p></c:if>
  <form method="post" action="${pageContext.request.contextPath}/patient/edit" id="patient-form">
    <input type="hidden" name="csrf" value="${csrf}">
    <c:if test="${not empty patient}"><input type="hidden" name="id" value="${patient.id()}"></c:if>
    <label>Name <input name="name" id="form-name" value="${fn:escapeXml(empty patient ? param.name : patient.name())}" required></label>
    <label>SSN <input name="ssn" id="form-ssn" value="${fn:escapeXml(empty patient ? param.ssn : patient.ssn())}" placeholder="123-45-6789" required></label>
    <label>Birth date <input name="birthDate" id="form-birth" value="${fn:escapeXml(empty patient ? param.birthDate : patient.birthDate())}" placeholder="1980-01-31" required></label>
    <label>Phone <input name="phone" id="form-phone" value="${fn:escapeXml(empty patient ? param.phone : patient.phone())}"></label>
    <label>Ward <input name="ward" id="form-ward" value="${fn:escapeXml(empty patient ? param.ward : patient.ward())}" required></label>
    <button type="submit" id="save">Save</button>
  </form>
</section>
<%@ include file="footer.jspf" %>
