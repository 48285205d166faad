package io.github.jwtauth.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only when a server (a database, Redis) answers on a TCP port. When it
 * does not, the tests are skipped, except when the environment variable {@code CI} is
 * {@code true}: then they fail, so a CI run never passes by skipping its store tests.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(RequiresServers.class)
@ExtendWith(RequiresServerCondition.class)
public @interface RequiresServer {

	/**
	 * The server's name, for the message.
	 * @return the name
	 */
	String name();

	/**
	 * The host.
	 * @return the host
	 */
	String host() default "127.0.0.1";

	/**
	 * The port.
	 * @return the port
	 */
	int port();

}
