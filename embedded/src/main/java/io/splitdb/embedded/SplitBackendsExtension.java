package io.splitdb.embedded;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests the {@link BackendTrio} of the whole test run: started once
 * (about 12 s), shared by every test class, closed when the JVM exits.
 *
 * <pre>{@code
 * @ExtendWith(SplitBackendsExtension.class)
 * class PatientsIT {
 *     @BeforeAll static void setUp(BackendTrio trio) { ... }
 * }
 * }</pre>
 */
public final class SplitBackendsExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BackendTrio.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return BackendTrios.shared();
    }
}
