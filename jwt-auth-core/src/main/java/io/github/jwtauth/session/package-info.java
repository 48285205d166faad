/**
 * Login sessions as users and auditors see them: what a session is
 * ({@link io.github.jwtauth.session.LoginSession}), who used it last
 * ({@link io.github.jwtauth.session.ClientDetails}), and the audit events of its life
 * ({@link io.github.jwtauth.session.SessionEvent}).
 */
@NullMarked
package io.github.jwtauth.session;

import org.jspecify.annotations.NullMarked;
