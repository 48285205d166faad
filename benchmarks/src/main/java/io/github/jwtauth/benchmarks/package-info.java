/**
 * JMH benchmarks of the decoder and the load and store benchmark clients.
 */
package io.github.jwtauth.benchmarks;
