-- The demo hospital's schema: what an ordinary MySQL application would create.
CREATE TABLE IF NOT EXISTS staff (
  id INT AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(40) NOT NULL UNIQUE,
  full_name VARCHAR(100) NOT NULL,
  password_hash VARCHAR(200) NOT NULL
);
CREATE TABLE IF NOT EXISTS patients (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  ssn CHAR(11) NOT NULL,
  birth_date DATE NOT NULL,
  phone VARCHAR(30),
  ward VARCHAR(20) NOT NULL,
  admitted DATE NOT NULL,
  discharged DATE NULL
);
CREATE TABLE IF NOT EXISTS visits (
  id INT AUTO_INCREMENT PRIMARY KEY,
  patient_id INT NOT NULL,
  visit_date DATE NOT NULL,
  doctor VARCHAR(100) NOT NULL,
  notes VARCHAR(2000),
  INDEX visits_patient (patient_id)
);
CREATE TABLE IF NOT EXISTS diagnoses (
  id INT AUTO_INCREMENT PRIMARY KEY,
  visit_id INT NOT NULL,
  icd10 VARCHAR(10) NOT NULL,
  description VARCHAR(200) NOT NULL,
  INDEX diagnoses_visit (visit_id)
);
CREATE TABLE IF NOT EXISTS prescriptions (
  id INT AUTO_INCREMENT PRIMARY KEY,
  visit_id INT NOT NULL,
  drug VARCHAR(100) NOT NULL,
  dose VARCHAR(50) NOT NULL,
  days INT NOT NULL,
  INDEX prescriptions_visit (visit_id)
);
