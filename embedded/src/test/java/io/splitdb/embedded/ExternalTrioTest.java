package io.splitdb.embedded;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalTrioTest {

    @Test
    void putsTheDatabaseIntoEachServerUrlKeepingParameters() {
        ExternalTrio trio = new ExternalTrio(List.of("jdbc:mysql://h1:3306/", "jdbc:mysql://h2:3307/old?useSSL=true",
                "jdbc:mysql://h3"), "root", "pw");
        assertThat(trio.jdbcUrls("hospital")).containsExactly("jdbc:mysql://h1:3306/hospital",
                "jdbc:mysql://h2:3307/hospital?useSSL=true", "jdbc:mysql://h3/hospital");
        assertThat(trio.controllable()).isFalse();
        assertThat(trio.clientBin("mariadb-dump")).isEmpty();
        assertThatThrownBy(() -> trio.stop(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void needsExactlyThreeServers() {
        assertThatThrownBy(() -> new ExternalTrio(List.of("jdbc:mysql://a/"), "root", ""))
                .hasMessageContaining("exactly three");
    }
}
