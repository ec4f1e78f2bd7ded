package io.splitdb.cli;

import io.splitdb.policy.ConfigLoader;
import io.splitdb.policy.SplitConfig;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What stands in the way of a migration, found from information_schema's description and the policy alone. */
class MigrationCheckTest {

    @Test
    void namesEveryColumnThePolicyCannotProtectAsAsked() throws Exception {
        SplitConfig config = new ConfigLoader(name -> null).parse(new StringReader("""
                backends:
                  - url: jdbc:mysql://a/x
                  - url: jdbc:mysql://b/x
                  - url: jdbc:mysql://c/x
                keys:
                  master-key-env: K
                tables:
                  places:
                    name:     { protect: shared, search: equality }
                    location: { protect: shared }
                    legacy:   { protect: shared }
                    code:     { protect: shared }
                    region:   { protect: shared }
                    total:    { protect: shared }
                """), "test.yaml", Path.of("."));
        SourceDatabase.Table places = new SourceDatabase.Table("places", List.of(
                column("id", "int(11)", "PRI", "auto_increment", null, null),
                column("name", "varchar(100)", "MUL", "", "utf8mb4", "utf8mb4_unicode_ci"),
                column("location", "point", "", "", null, null),
                column("legacy", "varchar(20)", "", "", "koi8r", "koi8r_general_ci"),
                column("code", "char(3)", "UNI", "", "utf8mb4", "utf8mb4_unicode_ci"),
                column("region", "varchar(20)", "MUL", "", "utf8mb4", "utf8mb4_unicode_ci"),
                column("total", "int(11)", "", "STORED GENERATED", null, null)), List.of("id"), Set.of());

        MigrationCheck check = new MigrationCheck(config, List.of(places));

        assertThat(check.problems).hasSize(5);
        assertThat(check.problems.get(0)).startsWith("places.location (point, shared): the driver cannot protect this type: ");
        assertThat(check.problems.get(1)).startsWith("places.legacy (varchar(20), shared): the driver cannot protect this type: ")
                .contains("koi8r");
        assertThat(check.problems.get(2)).isEqualTo("places.code (char(3), shared): a column in a primary key, a unique key or with "
                + "AUTO_INCREMENT cannot be protected (the backends compare it in clear)");
        assertThat(check.problems.get(3)).isEqualTo("places.region (varchar(20), shared): it is indexed; an index on a protected column "
                + "needs search: equality");
        assertThat(check.problems.get(4)).isEqualTo("places.total (int(11), shared): a generated column cannot be protected");
    }

    private static SourceDatabase.Column column(String name, String type, String key, String extra, String charset, String collation) {
        String dataType = type.replaceAll("\\(.*", "");
        return new SourceDatabase.Column(name, type, dataType, true, key, extra, charset, collation);
    }
}
