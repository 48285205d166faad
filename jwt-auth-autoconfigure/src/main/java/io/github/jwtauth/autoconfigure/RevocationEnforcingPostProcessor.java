package io.github.jwtauth.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import io.github.jwtauth.revocation.RevocationRegistry;
import io.github.jwtauth.revocation.RevocationValidator;
import io.github.jwtauth.token.JwtAuthDecoder;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.ReflectionUtils;

/**
 * Keeps revocation in force when the application defines a {@link JwtDecoder} of its own:
 * every decoder bean that does not already check this application's
 * {@link RevocationRegistry} (a {@link JwtAuthDecoder} built on it) is wrapped, so that
 * every token it accepts is also checked against the registry and refused while the
 * registry is stale. The bean keeps its class where its {@code decode} can be overridden
 * (a class proxy); otherwise it is proxied as a {@link JwtDecoder}, so inject it by that
 * interface.
 */
final class RevocationEnforcingPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(RevocationEnforcingPostProcessor.class);

	private final ObjectProvider<RevocationRegistry> registry;

	RevocationEnforcingPostProcessor(ObjectProvider<RevocationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof JwtDecoder)) {
			return bean;
		}
		RevocationRegistry revocations = this.registry.getObject();
		if (bean instanceof JwtAuthDecoder decoder && decoder.getRevocationCheck() instanceof RevocationValidator check
				&& check.getRegistry() == revocations) {
			return bean;
		}
		RevocationValidator validator = new RevocationValidator(revocations);
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.addInterface(JwtDecoder.class);
		proxy.setProxyTargetClass(decodeCanBeOverridden(bean.getClass()));
		proxy.addAdvice((MethodInterceptor) (invocation) -> {
			Object result = invocation.proceed();
			if (result instanceof Jwt jwt && "decode".equals(invocation.getMethod().getName())) {
				validator.check(jwt);
			}
			return result;
		});
		logger.info("The JwtDecoder '" + beanName + "' checks jwt-auth revocation on every token it accepts");
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	private static boolean decodeCanBeOverridden(Class<?> type) {
		if (Modifier.isFinal(type.getModifiers())) {
			return false;
		}
		Method decode = ReflectionUtils.findMethod(type, "decode", String.class);
		return decode != null && !Modifier.isFinal(decode.getModifiers());
	}

}
