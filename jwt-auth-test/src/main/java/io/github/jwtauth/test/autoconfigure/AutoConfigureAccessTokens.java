package io.github.jwtauth.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.jwtauth.test.AccessTokens;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds an {@link AccessTokens} bean to a Spring Boot test, minting tokens with the
 * application's own key and claims. <pre>{@code
 * &#64;SpringBootTest

 * &#64;AutoConfigureMockMvc
 * &#64;AutoConfigureAccessTokens
 * class ApiTests {
 *     &#64;Autowired MockMvc mvc;
 *
&#64;Autowired AccessTokens tokens;
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(AccessTokensAutoConfiguration.class)
public @interface AutoConfigureAccessTokens {

}
