package io.github.jwtauth.test.pkcs11;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only where a {@link SoftHsm} token can be made: SoftHSM2 is installed
 * ({@code softhsm2-util} and {@code libsofthsm2.so}) and the test JVM was started with
 * {@code SOFTHSM2_CONF} set (the library reads it once per process). Where it cannot, the
 * tests are skipped, except when the environment variable {@code CI} is {@code true}:
 * then they fail, so a CI run never passes by skipping its HSM tests.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresSoftHsmCondition.class)
public @interface RequiresSoftHsm {

}
