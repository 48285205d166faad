/**
 * A stock Spring Boot resource server, the baseline of the load benchmark.
 */
package io.github.jwtauth.benchmarks.stock;
