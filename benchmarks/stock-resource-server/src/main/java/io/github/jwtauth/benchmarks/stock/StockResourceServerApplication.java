package io.github.jwtauth.benchmarks.stock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The jwt-auth sample's API ({@code GET /api/public}, {@code GET /api/me},
 * {@code GET /api/admin}) on a stock Spring Boot OAuth2 resource server: the baseline
 * that {@code benchmarks/load.sh} compares jwt-auth against.
 */
@SpringBootApplication
public class StockResourceServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(StockResourceServerApplication.class, args);
	}

}
