package io.github.jwtauth.test.redis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class only where a {@link RedisCluster} can be started, that is where
 * {@code redis-server} and {@code redis-cli} are installed. Where they are not, the tests
 * are skipped, except when the environment variable {@code CI} is {@code true}: then they
 * fail. Once enabled, a cluster that does not start fails the tests, never skips them.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiresRedisClusterCondition.class)
public @interface RequiresRedisCluster {

}
