"""Python's PyMySQL (Debian's python3-pymysql) against the splitdb proxy.

Run by ProxyClientsIT with the proxy's address in the environment; every check is an assert, and the
last line printed is "python pymysql: N checks passed".
"""
import datetime
import decimal
import os
import sys

import pymysql
from pymysql.constants import CLIENT

checks = 0


def check(actual, expected, what):
    global checks
    assert actual == expected, f"{what}: expected {expected!r}, got {actual!r}"
    checks += 1


def connect(**extra):
    return pymysql.connect(host="127.0.0.1", port=int(os.environ["PROXY_PORT"]), user=os.environ["PROXY_USER"],
                           password=os.environ["PROXY_PASSWORD"], database=os.environ["PROXY_DATABASE"],
                           charset="utf8mb4", **extra)


def main():
    c = connect()
    with c.cursor() as cur:
        cur.execute("CREATE TABLE visits (id INT AUTO_INCREMENT PRIMARY KEY, patient VARCHAR(100), note TEXT,"
                    " seen_at DATETIME, seen_on DATE, took TIME, fee DECIMAL(8,2), score DOUBLE, photo BLOB)")
        cur.execute("INSERT INTO visits (patient, note, seen_at, seen_on, took, fee, score, photo)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    ("Søren Kierkegaard", "café au lait spots", datetime.datetime(2024, 5, 6, 7, 8, 9),
                     datetime.date(2024, 5, 6), datetime.timedelta(minutes=25), decimal.Decimal("120.50"), 0.25,
                     bytes([0, 1, 2, 255])))
        check(cur.rowcount, 1, "rowcount")
        check(cur.lastrowid, 1, "lastrowid")
        cur.executemany("INSERT INTO visits (patient, note, fee) VALUES (%s, %s, %s)",
                        [("Ada", None, decimal.Decimal("10.00")), ("Bo", "x-ray", decimal.Decimal("99.99"))])
        check(cur.rowcount, 2, "executemany rowcount")
    c.commit()

    with c.cursor() as cur:
        cur.execute("SELECT patient, note, seen_at, seen_on, took, fee, score, photo FROM visits WHERE patient = %s",
                    ("Søren Kierkegaard",))
        check(cur.fetchall(), (("Søren Kierkegaard", "café au lait spots", datetime.datetime(2024, 5, 6, 7, 8, 9),
                                datetime.date(2024, 5, 6), datetime.timedelta(minutes=25), decimal.Decimal("120.50"),
                                0.25, bytes([0, 1, 2, 255])),), "typed values read back")
        cur.execute("SELECT note FROM visits WHERE patient = %s", ("Ada",))
        check(cur.fetchone(), (None,), "NULL in a protected column")
        cur.execute("SELECT patient FROM visits ORDER BY patient")
        check([r[0] for r in cur.fetchall()], ["Ada", "Bo", "Søren Kierkegaard"], "ordered by a protected column")

        try:
            cur.execute("INSERT INTO visits (id, patient) VALUES (1, 'dup')")
            raise AssertionError("duplicate key accepted")
        except pymysql.err.IntegrityError as e:
            check(e.args[0], 1062, "duplicate key error code")
        try:
            cur.execute("SELECT * FROM nowhere")
            raise AssertionError("missing table accepted")
        except pymysql.err.ProgrammingError as e:
            check(e.args[0], 1146, "no such table error code")

    # transactions: PyMySQL starts with autocommit off, as the DB-API asks
    with c.cursor() as cur:
        cur.execute("UPDATE visits SET note = 'changed' WHERE patient = 'Bo'")
    c.rollback()
    with c.cursor() as cur:
        cur.execute("SELECT note FROM visits WHERE patient = 'Bo'")
        check(cur.fetchone(), ("x-ray",), "rollback")
    c.ping(reconnect=False)
    checks_before = checks
    c.select_db(os.environ["PROXY_DATABASE"])
    check(checks, checks_before, "select_db (COM_INIT_DB) answered")
    c.close()

    # multi-statements where the client enables them
    m = connect(client_flag=CLIENT.MULTI_STATEMENTS, autocommit=True)
    with m.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM visits; UPDATE visits SET fee = fee + 1 WHERE patient = 'Ada'; SELECT fee FROM visits WHERE patient = 'Ada'")
        check(cur.fetchall(), ((3,),), "first result")
        check(cur.nextset(), True, "second result follows")
        check(cur.rowcount, 1, "second result: an update count")
        check(cur.nextset(), True, "third result follows")
        check(cur.fetchall(), ((decimal.Decimal("11.00"),),), "third result")
        check(cur.nextset(), None, "no fourth result")
    m.close()
    print(f"python pymysql: {checks} checks passed")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # noqa: BLE001 - the test reads the exit code and this output
        print(f"FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
