package io.github.jwtauth.token;

import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Where a verifier gets its {@link Signature}, initialised for verification with its key:
 * one per thread, kept (for the few keys of an issuer, verified again and again), or a
 * new one per call (for the many keys of DPoP clients, which would otherwise leave a
 * {@code Signature} per key in every thread).
 */
abstract class VerifyingSignatures {

	/**
	 * One per thread, kept.
	 * @param factory makes them
	 * @return the source
	 */
	static VerifyingSignatures perThread(Factory factory) {
		return new PerThread(factory);
	}

	/**
	 * A new one per call.
	 * @param factory makes them
	 * @return the source
	 */
	static VerifyingSignatures perCall(Factory factory) {
		return new PerCall(factory);
	}

	/**
	 * A signature ready to verify.
	 * @return the signature
	 */
	abstract Signature get();

	/**
	 * Drop a signature that failed, so the next call starts from a fresh one.
	 */
	abstract void discard();

	static Signature create(Factory factory) {
		try {
			return factory.create();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The signature algorithm is not available", ex);
		}
	}

	/**
	 * Makes a {@link Signature} initialised for verification.
	 */
	@FunctionalInterface
	interface Factory {

		Signature create() throws GeneralSecurityException;

	}

	private static final class PerThread extends VerifyingSignatures {

		private final ThreadLocal<Signature> signatures;

		PerThread(Factory factory) {
			this.signatures = ThreadLocal.withInitial(() -> create(factory));
		}

		@Override
		Signature get() {
			return this.signatures.get();
		}

		@Override
		void discard() {
			this.signatures.remove();
		}

	}

	private static final class PerCall extends VerifyingSignatures {

		private final Factory factory;

		PerCall(Factory factory) {
			this.factory = factory;
		}

		@Override
		Signature get() {
			return create(this.factory);
		}

		@Override
		void discard() {
		}

	}

}
