// Node's mysql2 against the splitdb proxy. Run by ProxyClientsIT with the proxy's address in the
// environment; every check is an assert, and the last line printed is "node mysql2: N checks passed".
'use strict';
const assert = require('node:assert/strict');
const mysql = require('mysql2/promise');

const base = {
  host: '127.0.0.1',
  port: Number(process.env.PROXY_PORT),
  user: process.env.PROXY_USER,
  password: process.env.PROXY_PASSWORD,
  database: process.env.PROXY_DATABASE,
  dateStrings: true,
  supportBigNumbers: true,
  bigNumberStrings: true,
};
const prepared = process.env.PROXY_PREPARED === '1';
let checks = 0;
function check(actual, expected, what) {
  assert.deepEqual(actual, expected, what);
  checks++;
}

async function main() {
  const c = await mysql.createConnection(base);
  await c.query('CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), ssn CHAR(11), ' +
    'diagnosis VARCHAR(200), ward INT, admitted DATETIME, born DATE, weight DECIMAL(5,1))');

  // text protocol: mysql2 substitutes the placeholders itself
  const [ins] = await c.query('INSERT INTO patients (name, ssn, diagnosis, ward, admitted, born, weight) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ['Zoë Ólafsdóttir', '123-45-6789', 'J45 asthma', 3, '2024-03-01 08:30:00', '1990-07-14', 61.5]);
  check(ins.affectedRows, 1, 'affected rows');
  check(ins.insertId, 1, 'insert id');
  await c.query('INSERT INTO patients (name, ssn, diagnosis, ward) VALUES ?', [[
    ['Ana Souza', '987-65-4321', null, 4], ['Li Wei', '555-12-3456', 'F32', 4]]]);
  const [rows] = await c.query('SELECT id, name, diagnosis, ward, admitted, born, weight FROM patients WHERE ssn = ?', ['123-45-6789']);
  check(rows, [{ id: 1, name: 'Zoë Ólafsdóttir', diagnosis: 'J45 asthma', ward: 3, admitted: '2024-03-01 08:30:00',
    born: '1990-07-14', weight: '61.5' }], 'row found by a protected column');
  const [nulls] = await c.query('SELECT diagnosis FROM patients WHERE name = ?', ['Ana Souza']);
  check(nulls, [{ diagnosis: null }], 'NULL in a protected column');
  const [counts] = await c.query('SELECT ward, COUNT(*) AS n FROM patients GROUP BY ward ORDER BY ward');
  check(counts.map(r => [r.ward, Number(r.n)]), [[3, 1], [4, 2]], 'group by');

  // an error: duplicate key, and the session goes on
  await assert.rejects(c.query('INSERT INTO patients (id, name) VALUES (1, ?)', ['dup']),
    e => e.errno === 1062 && e.sqlState === '23000');
  checks++;
  await assert.rejects(c.query('SELECT * FROM nowhere'), e => e.errno === 1146 && e.code === 'ER_NO_SUCH_TABLE');
  checks++;

  // transactions are the session's own
  await c.beginTransaction();
  await c.query("UPDATE patients SET diagnosis = 'rolled back' WHERE id = 1");
  await c.rollback();
  const [after] = await c.query('SELECT diagnosis FROM patients WHERE id = 1');
  check(after[0].diagnosis, 'J45 asthma', 'rollback');

  // 3,000 rows in one result
  const values = [];
  for (let i = 0; i < 3000; i++) values.push([`patient ${i}`, `000-00-${String(i).padStart(4, '0')}`, 'Z00', 9]);
  await c.query('INSERT INTO patients (name, ssn, diagnosis, ward) VALUES ?', [values]);
  const [many] = await c.query('SELECT name FROM patients WHERE ward = 9 ORDER BY id');
  check(many.length, 3000, 'large result');
  check(many[2999].name, 'patient 2999', 'last row of a large result');
  await c.end();

  // multi-statements where the client enables them
  const m = await mysql.createConnection({ ...base, multipleStatements: true });
  const [results] = await m.query("SELECT COUNT(*) AS n FROM patients WHERE ward = 4; UPDATE patients SET ward = 5 WHERE ssn = '555-12-3456'; SELECT name FROM patients WHERE ward = 5");
  check(results.length, 3, 'three results');
  check(Number(results[0][0].n), 2, 'first result');
  check(results[1].affectedRows, 1, 'second result: an update count');
  check(results[2], [{ name: 'Li Wei' }], 'third result');
  await assert.rejects(m.query('SELECT 1; SELECT * FROM nowhere; SELECT 3'), e => e.errno === 1146);
  checks++;
  const [[one]] = await m.query('SELECT 1 AS one');
  check(one.one, 1, 'session usable after a failed multi-statement');
  await m.end();

  // a pool of sessions working at once
  const pool = mysql.createPool({ ...base, connectionLimit: 40 });
  const found = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    pool.query('SELECT name FROM patients WHERE ssn = ?', [`000-00-${String(i).padStart(4, '0')}`]).then(([r]) => r[0].name)));
  check(found, Array.from({ length: 200 }, (_, i) => `patient ${i}`), 'concurrent searches');
  await pool.end();

  if (prepared) {
    const p = await mysql.createConnection(base);
    const [pr] = await p.execute('SELECT id, name, weight, admitted FROM patients WHERE ssn = ?', ['123-45-6789']);
    check(pr, [{ id: 1, name: 'Zoë Ólafsdóttir', weight: '61.5', admitted: '2024-03-01 08:30:00' }], 'execute: prepared select');
    const [pi] = await p.execute('INSERT INTO patients (name, ssn, ward, admitted) VALUES (?, ?, ?, ?)',
      ['Prepared Pat', '111-22-3333', 7, '2025-01-02 03:04:05']);
    check(pi.affectedRows, 1, 'execute: insert');
    const [pr2] = await p.execute('SELECT name, ward, admitted FROM patients WHERE ssn = ?', ['111-22-3333']);
    check(pr2, [{ name: 'Prepared Pat', ward: 7, admitted: '2025-01-02 03:04:05' }], 'execute: read back');
    const [pn] = await p.execute('SELECT name FROM patients WHERE ssn = ?', ['no-such']);
    check(pn, [], 'execute: no rows');
    await p.end();
  }
  console.log(`node mysql2: ${checks} checks passed${prepared ? ' (with prepared statements)' : ''}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
