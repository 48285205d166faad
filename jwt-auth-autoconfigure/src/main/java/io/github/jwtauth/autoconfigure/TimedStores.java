package io.github.jwtauth.autoconfigure;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.refresh.RefreshTokenStore;
import io.github.jwtauth.revocation.RevocationStore;
import io.github.jwtauth.revocation.feed.RevocationFeedStore;
import io.github.jwtauth.throttle.AttemptStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;

/**
 * Times every operation of the refresh-token, revocation, attempt and DPoP replay stores
 * as the timer {@value #METER} with the tags {@code store} ({@code refresh_token},
 * {@code revocation}, {@code attempt}, {@code dpop_replay}), {@code type}
 * ({@code memory}, {@code jdbc}, {@code redis}, or {@code application} for a store of the
 * application's own), {@code operation} (the interface method, for example
 * {@code rotate}), {@code outcome} ({@code success} or {@code error}) and
 * {@code exception} (the simple class name of what it threw, or {@code none}), as Spring
 * Data times repository invocations. A store is wrapped in a proxy of its interface where
 * the starter uses it; the bean is left as it is. Not timed: the revocation feed of a
 * resource server (its operations are long polls) and the settings a store reports
 * ({@code isShared}, {@code hashesSubjects}, {@code lag}).
 */
final class TimedStores implements StoreInstrumentation {

	static final String METER = "jwt.auth.store.operations";

	private static final Map<Class<?>, String> NAMES = Map.of(RefreshTokenStore.class, "refresh_token",
			RevocationStore.class, "revocation", AttemptStore.class, "attempt", DPoPProofReplayStore.class,
			"dpop_replay");

	private static final Set<String> UNTIMED = Set.of("isShared", "hashesSubjects", "lag");

	private final MeterRegistry registry;

	TimedStores(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public <T> T instrument(T store, Class<T> type) {
		String name = NAMES.get(type);
		if (name == null || store instanceof RevocationFeedStore) {
			return store;
		}
		ProxyFactory proxy = new ProxyFactory(store);
		proxy.setInterfaces(type);
		proxy.addAdvice(new Timing(this.registry, name, type(store)));
		return type.cast(proxy.getProxy(type.getClassLoader()));
	}

	/**
	 * The {@code type} tag: the starter's own stores by their module, anything else
	 * {@code application}.
	 * @param store the store
	 * @return the type
	 */
	static String type(Object store) {
		String className = store.getClass().getName();
		if (className.startsWith("io.github.jwtauth.store.jdbc.")) {
			return "jdbc";
		}
		if (className.startsWith("io.github.jwtauth.store.redis.")) {
			return "redis";
		}
		if (className.startsWith("io.github.jwtauth.") && store.getClass().getSimpleName().startsWith("InMemory")) {
			return "memory";
		}
		return "application";
	}

	/**
	 * Times the store operations of one store.
	 */
	private static final class Timing implements MethodInterceptor {

		private final MeterRegistry registry;

		private final String store;

		private final String type;

		/**
		 * The timers of successful calls, by method: found without asking the registry.
		 */
		private final Map<Method, Timer> successes = new ConcurrentHashMap<>();

		Timing(MeterRegistry registry, String store, String type) {
			this.registry = registry;
			this.store = store;
			this.type = type;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Method method = invocation.getMethod();
			if (method.getDeclaringClass() == Object.class || UNTIMED.contains(method.getName())) {
				return invocation.proceed();
			}
			long start = System.nanoTime();
			Throwable failure = null;
			try {
				return invocation.proceed();
			}
			catch (Throwable ex) {
				failure = ex;
				throw ex;
			}
			finally {
				long duration = System.nanoTime() - start;
				Timer timer = (failure != null) ? timer(method, "error", exceptionName(failure))
						: this.successes.computeIfAbsent(method, (m) -> timer(m, "success", "none"));
				timer.record(duration, TimeUnit.NANOSECONDS);
			}
		}

		private Timer timer(Method method, String outcome, String exception) {
			return Timer.builder(METER)
				.description("Operations of the jwt-auth stores")
				.tag("store", this.store)
				.tag("type", this.type)
				.tag("operation", method.getName())
				.tag("outcome", outcome)
				.tag("exception", exception)
				.register(this.registry);
		}

		private static String exceptionName(Throwable failure) {
			String name = failure.getClass().getSimpleName();
			return name.isEmpty() ? failure.getClass().getName() : name;
		}

	}

}
