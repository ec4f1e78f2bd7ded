package io.splitdb.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The general query log formats of MySQL 8 and MariaDB, multi-line statements and restart banners. */
class GeneralLogTest {

    private static List<GeneralLog.Entry> read(String log) throws Exception {
        List<GeneralLog.Entry> entries = new ArrayList<>();
        GeneralLog.read(new BufferedReader(new StringReader(log)), entries::add);
        return entries;
    }

    @Test
    void mysql8() throws Exception {
        List<GeneralLog.Entry> entries = read("""
                /usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:
                Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
                Time                 Id Command    Argument
                2024-03-05T10:15:30.123456Z\t    8 Connect\tapp@10.0.0.5 on hospital using TCP/IP
                2024-03-05T10:15:30.124000Z\t    8 Query\tSELECT name
                FROM patients
                WHERE id = 1
                2024-03-05T10:15:30.125000Z\t   12 Init DB\tbilling
                2024-03-05T10:15:30.126000Z\t    8 Execute\tSELECT * FROM patients WHERE ssn = '123'
                2024-03-05T10:15:30.130000Z\t    8 Quit\t
                """);
        assertThat(entries).extracting(GeneralLog.Entry::command)
                .containsExactly("Connect", "Query", "Init DB", "Execute", "Quit");
        assertThat(entries.get(1)).isEqualTo(new GeneralLog.Entry(5, 8, "Query", "SELECT name\nFROM patients\nWHERE id = 1"));
        assertThat(entries.get(2).thread()).isEqualTo(12);
        assertThat(entries.get(2).argument()).isEqualTo("billing");
        assertThat(entries.get(3).isStatement()).isTrue();
        assertThat(entries.get(4).argument()).isEmpty();
    }

    @Test
    void mariadbWithAndWithoutTimestamps() throws Exception {
        List<GeneralLog.Entry> entries = read("""
                241124 21:00:00\t    12 Connect\tapp@localhost as anonymous on hospital
                \t\t    12 Query\tINSERT INTO t VALUES ('a;b')
                \t\t    12 Prepare\tSELECT * FROM t WHERE id = ?
                241124 21:00:01\t    12 Query\tSELECT 1
                /usr/sbin/mariadbd, Version: 11.4.5-MariaDB (MariaDB Server). started with:
                Tcp port: 3306  Unix socket: /tmp/mysql.sock
                Time\t\t    Id Command\tArgument
                241124 21:05:00\t     3 Query\tSELECT 2
                """);
        assertThat(entries).extracting(GeneralLog.Entry::argument)
                .containsExactly("app@localhost as anonymous on hospital", "INSERT INTO t VALUES ('a;b')", "SELECT * FROM t WHERE id = ?",
                        "SELECT 1", "SELECT 2");
        assertThat(entries.get(2).isStatement()).isFalse();  // Prepare: its Execute entries carry the statement with values
        assertThat(entries.get(4).line()).isEqualTo(8);
    }
}
