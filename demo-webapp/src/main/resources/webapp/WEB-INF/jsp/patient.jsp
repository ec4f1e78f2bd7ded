<%@ include file="header.jspf" %>
<section class="card">
  <h1 id="patient-name"><c:out value="${patient.name()}"/></h1>
  <dl class="facts">
    <dt>Patient #</dt><dd id="patient-id"><c:out value="${patient.id()}"/></dd>
    <dt>SSN</dt><dd id="patient-ssn"><c:out value="${patient.ssn()}"/></dd>
    <dt>Born</dt><dd><c:out value="${patient.birthDate()}"/> (<c:out value="${patient.age()}"/> years)</dd>
    <dt>Phone</dt><dd id="patient-phone"><c:out value="${patient.phone()}"/></dd>
    <dt>Ward</dt><dd id="patient-ward"><c:out value="${patient.ward()}"/></dd>
    <dt>Admitted</dt><dd><c:out value="${patient.admitted()}"/></dd>
    <dt>Discharged</dt><dd id="patient-discharged"><c:out value="${patient.inWard() ? 'still in the ward' : patient.discharged()}"/></dd>
  </dl>
  <div class="actions">
    <a class="button" id="edit" href="${pageContext.request.contextPath}/patient/edit?id=${patient.id()}">Edit</a>
    <c:if test="${patient.inWard()}">
      <form method="post" class="inline"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="id" value="${patient.id()}">
        <button name="action" value="discharge" id="discharge">Discharge</button></form>
    </c:if>
    <form method="post" class="inline" onsubmit="return confirm('Delete this patient and all their records?')">
      <input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="id" value="${patient.id()}">
      <button name="action" value="delete" id="delete" class="danger">Delete</button></form>
  </div>
</section>
<h2>Visits</h2>
<table id="visits">
  <thead><tr><th>Date</th><th>Doctor</th><th>Notes</th><th>Diagnoses (ICD-10)</th><th>Prescriptions</th></tr></thead>
  <tbody>
  <c:forEach var="v" items="${visits}">
    <tr>
      <td><c:out value="${v.date()}"/></td>
      <td><c:out value="${v.doctor()}"/></td>
      <td><c:out value="${v.notes()}"/></td>
      <td><c:forEach var="d" items="${v.diagnoses()}"><div><b><c:out value="${d.icd10()}"/></b> <c:out value="${d.description()}"/></div></c:forEach></td>
      <td><c:forEach var="r" items="${v.prescriptions()}"><div><c:out value="${r.drug()}"/> <c:out value="${r.dose()}"/>, <c:out value="${r.days()}"/> days</div></c:forEach></td>
    </tr>
  </c:forEach>
  </tbody>
</table>
<section class="card">
  <h2>Add a visit</h2>
  <form method="post" id="visit-form" class="grid">
    <input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="id" value="${patient.id()}">
    <label>Date <input name="date" id="visit-date" value="${today}" required></label>
    <label>Doctor <input name="doctor" id="visit-doctor" required></label>
    <label class="wide">Notes <textarea name="notes" id="visit-notes"></textarea></label>
    <label>ICD-10 <input name="icd10" id="visit-icd10" placeholder="J45.909"></label>
    <label>Diagnosis <input name="diagnosis" id="visit-diagnosis"></label>
    <label>Drug <input name="drug" id="visit-drug"></label>
    <label>Dose <input name="dose" id="visit-dose"></label>
    <label>Days <input name="days" id="visit-days" value="0"></label>
    <button name="action" value="visit" id="add-visit">Add visit</button>
  </form>
</section>
<%@ include file="footer.jspf" %>
