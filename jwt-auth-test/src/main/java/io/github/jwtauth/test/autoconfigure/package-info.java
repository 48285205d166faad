/**
 * Spring Boot test support: {@code @AutoConfigureAccessTokens}.
 */
@NullMarked
package io.github.jwtauth.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
