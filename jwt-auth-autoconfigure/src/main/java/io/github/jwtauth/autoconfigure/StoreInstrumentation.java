package io.github.jwtauth.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Wraps a store where the starter uses it (the services, the synchronizer, the purgers),
 * so that its operations are timed: {@link TimedStores} with a Micrometer
 * {@code MeterRegistry}. The store beans themselves stay as they are, whoever defined
 * them.
 */
interface StoreInstrumentation {

	/**
	 * The store to use in place of the given one.
	 * @param <T> the store's interface
	 * @param store the store
	 * @param type the store's interface, the only one the result implements
	 * @return the instrumented store, or the store itself
	 */
	<T> T instrument(T store, Class<T> type);

	/**
	 * The store to use: instrumented when an instrumentation is defined.
	 * @param <T> the store's interface
	 * @param instrumentation the instrumentation, if any
	 * @param store the store
	 * @param type the store's interface
	 * @return the store to use
	 */
	static <T> T instrument(ObjectProvider<StoreInstrumentation> instrumentation, T store, Class<T> type) {
		StoreInstrumentation instrument = instrumentation.getIfUnique();
		return (instrument != null) ? instrument.instrument(store, type) : store;
	}

}
