package io.github.jwtauth.autoconfigure.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Draws test inputs from a seeded {@link Random}: a run with the same seed draws the same
 * inputs, so a failing case is reproduced by its seed and number.
 */
final class Generator {

	private final Random random;

	Generator(long seed) {
		this.random = new Random(seed);
	}

	int between(int min, int max) {
		return min + this.random.nextInt(max - min + 1);
	}

	boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	@SafeVarargs
	final <T> T pick(T... options) {
		return options[this.random.nextInt(options.length)];
	}

	char pick(String characters) {
		return characters.charAt(this.random.nextInt(characters.length()));
	}

	/**
	 * One of several generators, each chosen in proportion to its weight.
	 * @param <T> the input type
	 * @param choices weights and generators
	 * @return the drawn input
	 */
	@SafeVarargs
	final <T> T weighted(Weighted<T>... choices) {
		int total = 0;
		for (Weighted<T> choice : choices) {
			total += choice.weight();
		}
		int draw = this.random.nextInt(total);
		for (Weighted<T> choice : choices) {
			draw -= choice.weight();
			if (draw < 0) {
				return choice.generator().apply(this);
			}
		}
		throw new IllegalStateException();
	}

	String string(int maxLength, char from, char to) {
		int length = between(0, maxLength);
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append((char) between(from, to));
		}
		return out.toString();
	}

	String string(int maxLength, String characters) {
		int length = between(0, maxLength);
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append(pick(characters));
		}
		return out.toString();
	}

	/**
	 * Any UTF-16 text, including control characters and lone surrogates.
	 * @param maxLength the longest
	 * @return the text
	 */
	String anyText(int maxLength) {
		return string(maxLength, '\u0000', '\uffff');
	}

	byte[] bytes(int maxLength) {
		byte[] bytes = new byte[between(0, maxLength)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	<T> List<T> list(int min, int max, Function<Generator, T> element) {
		int size = between(min, max);
		List<T> list = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			list.add(element.apply(this));
		}
		return list;
	}

	/**
	 * A generator with its weight.
	 *
	 * @param <T> the input type
	 * @param weight how often, relative to the others
	 * @param generator draws the input
	 */
	record Weighted<T>(int weight, Function<Generator, T> generator) {

		static <T> Weighted<T> of(int weight, Function<Generator, T> generator) {
			return new Weighted<>(weight, generator);
		}

	}

}
