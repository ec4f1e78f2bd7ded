package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.policy.ColumnPolicy;
import io.splitdb.policy.Protection;
import io.splitdb.policy.Search;
import io.splitdb.types.LogicalType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When physical NULLs mean "erased by splitdb forget", and when they stay a missing share. */
class ErasedValuesTest {
    private static final byte[] SHARE = {1, 2, 3};

    private static ColumnInfo column(Protection protect, int holder) throws Exception {
        return new ColumnInfo("diagnosis", 1, LogicalType.parse("VARCHAR(20)"), true,
                new ColumnPolicy(protect, Search.NONE, 0, holder), "utf8mb4_unicode_ci", false, null);
    }

    @Test
    void sharedIsErasedOnlyWhenEveryPresentBackendHoldsNullAndTwoArePresent() throws Exception {
        ColumnInfo c = column(Protection.SHARED, -1);
        assertThat(ProtectedValues.isErased(c, new byte[3][], new boolean[] {true, true, true})).isTrue();
        assertThat(ProtectedValues.isErased(c, new byte[3][], new boolean[] {true, false, true})).isTrue();
        assertThat(ProtectedValues.isErased(c, new byte[3][], new boolean[] {false, false, true})).as("one backend alone").isFalse();
        assertThat(ProtectedValues.isErased(c, new byte[][] {null, SHARE, null}, new boolean[] {true, true, false}))
                .as("one backend dropped its share while another holds one").isFalse();
        assertThat(ProtectedValues.isErased(c, new byte[][] {null, null, SHARE}, new boolean[] {true, true, true}))
                .as("two nulls and a share: still a value (missing shares)").isFalse();
        assertThat(ProtectedValues.isErased(c, new byte[][] {null, null, SHARE}, new boolean[] {true, true, false}))
                .as("the third was not asked").isTrue();
    }

    @Test
    void encryptedIsErasedWhenItsHolderHoldsNull() throws Exception {
        ColumnInfo c = column(Protection.ENCRYPTED, 2);
        assertThat(ProtectedValues.isErased(c, new byte[3][], new boolean[] {true, true, true})).isTrue();
        assertThat(ProtectedValues.isErased(c, new byte[3][], new boolean[] {true, true, false})).as("holder not read").isFalse();
        assertThat(ProtectedValues.isErased(c, new byte[][] {null, null, SHARE}, new boolean[] {true, true, true})).isFalse();
    }
}
