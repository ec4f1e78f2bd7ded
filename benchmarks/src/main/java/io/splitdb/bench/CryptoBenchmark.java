package io.splitdb.bench;

import io.splitdb.crypto.BlindIndex;
import io.splitdb.crypto.Keyring;
import io.splitdb.crypto.MasterKey;
import io.splitdb.crypto.ShamirSplitter;
import io.splitdb.crypto.ValueSealer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The cost of protecting one value: seal (AES-GCM under the column's key) and split into three
 * Shamir shares, on the way in; combine two shares and open, on the way out; the blind index of a
 * searchable value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CryptoBenchmark {
    @Param({"16", "100", "4096"})
    int size;

    private ValueSealer sealer;
    private final ShamirSplitter splitter = new ShamirSplitter();
    private BlindIndex index;
    private byte[] value;
    private final byte[] rowKey = "6823548827789485018".getBytes(StandardCharsets.US_ASCII);
    private byte[][] shares;
    private String text;

    @Setup
    public void setUp() throws GeneralSecurityException {
        MasterKey key = MasterKey.generate();
        sealer = new ValueSealer(Keyring.single(key), "patients", "name");
        byte[] indexKey = new byte[BlindIndex.KEY_SIZE];
        Arrays.fill(indexKey, (byte) 7);
        index = new BlindIndex(indexKey, 32);
        value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        text = "x".repeat(Math.min(size, 200));
        shares = splitter.split(sealer.seal(value, rowKey, 1));
    }

    /** INSERT path: seal and split one value. */
    @Benchmark
    public byte[][] encryptAndSplit() throws GeneralSecurityException {
        return splitter.split(sealer.seal(value, rowKey, 1));
    }

    /** SELECT path: combine two shares and open the value. */
    @Benchmark
    public byte[] reconstructAndDecrypt() throws GeneralSecurityException {
        return sealer.open(splitter.combine(0, shares[0], 1, shares[1]), rowKey, 1);
    }

    /** WHERE col = ? on a searchable column: the blind index of the value. */
    @Benchmark
    public long blindIndex() {
        return index.compute(text, "utf8mb4_uca1400_ai_ci");
    }
}
