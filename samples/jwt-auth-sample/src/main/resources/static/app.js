/*
 * jwt-auth live demo. Plain JavaScript, no build step, no dependencies.
 *
 * Tokens are kept in the `state` object below and nowhere else: never in localStorage,
 * sessionStorage or cookies (requests are sent with credentials: 'omit'). Reloading the
 * page forgets them.
 *
 * Everything the server answers is written with textContent, never innerHTML.
 */
(function () {
  'use strict';

  const state = {
    accessToken: null,        // current access token (JWT)
    refreshToken: null,       // current refresh token (opaque)
    spentRefreshToken: null,  // the refresh token given up by the last rotation
    claims: null,             // decoded claims of the current access token
    jwks: null,               // { kid, key } of the last JWK Set lookup, so a refresh does not repeat it
    revoked: null,            // why the current tokens are known to be dead, or null
    timer: null
  };

  const REASONS = {
    0: 'Network error', 200: 'OK', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
    403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 415: 'Unsupported Media Type',
    500: 'Internal Server Error'
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  // ---------------------------------------------------------------- HTTP

  async function call(method, path, options) {
    const opts = options || {};
    const headers = { Accept: 'application/json' };
    let body;
    if (opts.token) {
      headers.Authorization = 'Bearer ' + opts.token;
    }
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let result;
    try {
      const response = await fetch(path, {
        method: method, headers: headers, body: body, cache: 'no-store', credentials: 'omit'
      });
      const text = await response.text();
      let parsed = null;
      if (text) {
        try {
          parsed = JSON.parse(text);
        }
        catch (e) {
          parsed = text;
        }
      }
      result = {
        method: method, path: '/' + path, status: response.status, body: parsed,
        wwwAuthenticate: response.headers.get('WWW-Authenticate')
      };
    }
    catch (e) {
      result = { method: method, path: '/' + path, status: 0, body: String(e), wwwAuthenticate: null };
    }
    logExchange(result, opts.token ? 'Bearer' : null);
    return result;
  }

  function statusClass(status) {
    if (status >= 200 && status < 300) {
      return 'ok';
    }
    if (status >= 400 && status < 500) {
      return status === 403 ? 'warn' : 'bad';
    }
    return 'bad';
  }

  function logExchange(result, auth) {
    const list = $('http-log');
    const item = el('li', 'log-' + statusClass(result.status));
    item.appendChild(el('span', 'log-time', new Date().toLocaleTimeString()));
    item.appendChild(el('span', 'log-req', result.method + ' ' + result.path + (auth ? '  (Bearer)' : '')));
    item.appendChild(el('span', 'status status-' + statusClass(result.status), String(result.status)));
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 14) {
      list.removeChild(list.lastChild);
    }
  }

  // ---------------------------------------------------------------- rendering

  /** Pretty JSON with syntax colouring, built from DOM nodes. */
  function renderJson(target, value) {
    target.textContent = '';
    const text = (value === null || value === undefined) ? '' :
      (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
    const pattern = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      if (match.index > last) {
        target.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      if (match[1]) {
        target.appendChild(el('span', match[2] ? 'j-key' : 'j-str', match[1]));
        if (match[2]) {
          target.appendChild(document.createTextNode(match[2]));
        }
      }
      else if (match[3]) {
        target.appendChild(el('span', 'j-lit', match[3]));
      }
      else {
        target.appendChild(el('span', 'j-num', match[4]));
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) {
      target.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  /** Show an HTTP exchange (status + body) in a result box. */
  function showResult(target, result, note) {
    target.textContent = '';
    target.className = 'result result-' + statusClass(result.status);
    target.dataset.status = String(result.status);
    const head = el('div', 'result-head');
    head.appendChild(el('span', 'status status-' + statusClass(result.status),
      result.status + ' ' + (REASONS[result.status] || '')));
    head.appendChild(el('code', 'result-req', result.method + ' ' + result.path));
    target.appendChild(head);
    if (note) {
      target.appendChild(el('p', 'result-note', note));
    }
    if (result.wwwAuthenticate) {
      target.appendChild(el('p', 'result-header', 'WWW-Authenticate: ' + result.wwwAuthenticate));
    }
    const pre = el('pre', 'json');
    if (result.body === null) {
      pre.textContent = '(empty body)';
    }
    else {
      renderJson(pre, result.body);
    }
    target.appendChild(pre);
  }

  function showMessage(target, text, kind) {
    target.textContent = text;
    target.className = 'status-line' + (kind ? ' status-line-' + kind : '');
  }

  function setSessionState(text, kind) {
    const pill = $('session-state');
    pill.textContent = text;
    pill.className = 'pill pill-' + kind;
  }

  function setTokenState(text, kind) {
    const pill = $('token-state');
    pill.textContent = text;
    pill.className = 'pill pill-' + kind;
  }

  function updateButtons() {
    const hasAccess = state.accessToken !== null;
    $('me-btn').disabled = !hasAccess;
    $('admin-btn').disabled = !hasAccess;
    $('logout-btn').disabled = !hasAccess;
    $('refresh-btn').disabled = state.refreshToken === null;
    $('reuse-btn').disabled = state.spentRefreshToken === null;
  }

  // ---------------------------------------------------------------- JWT decoding

  function base64UrlDecode(segment) {
    let base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4 !== 0) {
      base64 += '=';
    }
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return new TextDecoder('utf-8').decode(bytes);
  }

  /** Decodes (does NOT verify: only the server can) the header and claims of a JWT. */
  function decodeJwt(token) {
    const parts = token.split('.');
    if (parts.length !== 3) {
      throw new Error('not a JWS compact serialization');
    }
    return { header: JSON.parse(base64UrlDecode(parts[0])), claims: JSON.parse(base64UrlDecode(parts[1])) };
  }

  function showToken() {
    const tokenBox = $('access-token');
    tokenBox.textContent = '';
    if (!state.accessToken) {
      tokenBox.textContent = 'Log in to get a token.';
      renderJson($('token-header'), {});
      renderJson($('claims'), {});
      $('claims-times').textContent = '';
      $('refresh-token').textContent = '—';
      $('token-alg').textContent = '—';
      $('token-kid').textContent = '—';
      state.claims = null;
      setTokenState('none', 'idle');
      tick();
      return;
    }
    const parts = state.accessToken.split('.');
    ['jwt-h', 'jwt-p', 'jwt-s'].forEach(function (cls, i) {
      if (i > 0) {
        tokenBox.appendChild(el('span', 'jwt-dot', '.'));
      }
      tokenBox.appendChild(el('span', cls, parts[i]));
    });
    const decoded = decodeJwt(state.accessToken);
    state.claims = decoded.claims;
    renderJson($('token-header'), decoded.header);
    renderJson($('claims'), decoded.claims);
    $('token-alg').textContent = decoded.header.alg || '(none)';
    $('token-kid').textContent = decoded.header.kid || '(none)';
    showSigningKey(decoded.header).catch(function (e) {
      $('token-key').textContent = 'JWK Set lookup failed: ' + e;
    });
    const time = (s) => (typeof s === 'number') ? new Date(s * 1000).toLocaleTimeString() : '—';
    $('claims-times').textContent = 'iat ' + time(decoded.claims.iat) + '  ·  nbf ' + time(decoded.claims.nbf) +
      '  ·  exp ' + time(decoded.claims.exp) + '  (your local time)';
    $('refresh-token').textContent = state.refreshToken || '—';
    tick();
  }

  /** Describes a public JWK without its key material: "EC P-256, alg ES256, use sig". */
  function describeJwk(jwk) {
    let type = jwk.kty;
    if (jwk.crv) {
      type += ' ' + jwk.crv;
    }
    else if (jwk.kty === 'RSA' && typeof jwk.n === 'string') {
      type += ' ' + Math.round(jwk.n.length * 6 / 1024) * 1024 + ' bits';
    }
    return type + ', alg ' + (jwk.alg || '(none)') + ', use ' + (jwk.use || '(none)');
  }

  /**
   * Finds the token's signing key in the JWK Set by its kid, as a resource server does,
   * and shows it: its type, and whether the key declares the token's algorithm.
   */
  async function showSigningKey(header) {
    const target = $('token-key');
    let key = (state.jwks && state.jwks.kid === header.kid) ? state.jwks.key : undefined;
    if (key === undefined) {
      const result = await call('GET', '.well-known/jwks.json');
      const keys = (result.status === 200 && result.body && Array.isArray(result.body.keys)) ? result.body.keys : [];
      key = keys.find(function (k) { return k.kid === header.kid; }) || null;
      state.jwks = { kid: header.kid, key: key };
    }
    target.dataset.kid = key ? key.kid : '';
    target.dataset.alg = key ? (key.alg || '') : '';
    if (!key) {
      target.textContent = 'kid ' + header.kid + ' is not in the JWK Set: a resource server would refuse the token.';
      target.className = 'times status-line-bad';
      return;
    }
    target.className = 'times';
    target.textContent = 'Signing key in the JWK Set: ' + describeJwk(key) +
      (key.alg === header.alg ? ' (matches the token\'s alg).' : ' (does NOT match the token\'s alg ' + header.alg + ').');
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** Updates the live countdown to the access token's exp. */
  function tick() {
    const countdown = $('countdown');
    const bar = $('countdown-bar');
    if (!state.claims || typeof state.claims.exp !== 'number') {
      countdown.textContent = '—';
      countdown.dataset.secondsLeft = '';
      bar.style.width = '0%';
      return;
    }
    const left = Math.max(0, Math.floor(state.claims.exp - Date.now() / 1000));
    const total = Math.max(1, state.claims.exp - (state.claims.iat || state.claims.exp - 1));
    countdown.dataset.secondsLeft = String(left);
    bar.style.width = Math.min(100, (left / total) * 100).toFixed(1) + '%';
    if (left === 0) {
      countdown.textContent = 'expired';
      countdown.className = 'countdown countdown-expired';
      bar.className = 'bar-fill';
      if (!state.revoked) {
        setTokenState('expired', 'bad');
      }
      return;
    }
    countdown.textContent = 'expires in ' + Math.floor(left / 60) + ':' + pad(left % 60);
    countdown.className = 'countdown' + (state.revoked ? ' countdown-revoked' : '');
    bar.className = 'bar-fill' + (state.revoked ? ' bar-fill-revoked' : '');
    if (state.revoked) {
      setTokenState('revoked', 'bad');
    }
    else {
      setTokenState('valid', 'ok');
    }
  }

  // ---------------------------------------------------------------- actions

  function pickUser(button) {
    document.querySelectorAll('.segmented .seg').forEach(function (b) {
      const active = b === button;
      b.classList.toggle('active', active);
      b.setAttribute('aria-pressed', String(active));
    });
    $('username').value = button.dataset.username;
    $('password').value = button.dataset.password;
  }

  function acceptTokens(body) {
    state.accessToken = body.access_token;
    state.refreshToken = body.refresh_token || null;
    state.revoked = null;
    showToken();
  }

  async function login(event) {
    event.preventDefault();
    const username = $('username').value;
    const result = await call('POST', 'auth/login', { json: { username: username, password: $('password').value } });
    if (result.status === 200 && result.body && result.body.access_token) {
      state.spentRefreshToken = null;
      acceptTokens(result.body);
      showMessage($('login-status'), 'Logged in as ' + state.claims.sub + ' — ' + result.body.token_type +
        ' token valid for ' + result.body.expires_in + ' s, refresh token for ' +
        result.body.refresh_token_expires_in + ' s.', 'ok');
      setSessionState('signed in as ' + state.claims.sub, 'ok');
    }
    else {
      const error = (result.body && result.body.error) ? result.body.error : 'error';
      showMessage($('login-status'), 'Login failed: ' + result.status + ' ' + error, 'bad');
    }
    updateButtons();
  }

  async function callApi(path, target) {
    const result = await call('GET', path, { token: state.accessToken });
    showResult(target, result);
  }

  /** A long token, shortened for display. */
  function abbreviate(token) {
    return (typeof token === 'string' && token.length > 48)
      ? token.slice(0, 24) + '…' + token.slice(-12) + ' (' + token.length + ' chars)'
      : token;
  }

  async function refresh() {
    const old = state.refreshToken;
    const result = await call('POST', 'auth/refresh', { json: { refresh_token: old } });
    const shown = Object.assign({}, result);
    if (result.body && typeof result.body === 'object' && result.body.access_token) {
      shown.body = Object.assign({}, result.body, { access_token: abbreviate(result.body.access_token) });
    }
    showResult($('refresh-result'), shown);
    if (result.status === 200 && result.body && result.body.refresh_token) {
      const oldJti = state.claims ? state.claims.jti : null;
      state.spentRefreshToken = old;
      acceptTokens(result.body);
      $('old-refresh-token').textContent = old;
      $('new-refresh-token').textContent = state.refreshToken;
      const rotated = old !== state.refreshToken;
      showMessage($('rotation-status'), rotated
        ? 'Rotated: new refresh token issued, the old one is spent. New access token jti ' + state.claims.jti +
          ' (was ' + oldJti + ').'
        : 'Not rotated?!', rotated ? 'ok' : 'bad');
    }
    else {
      showMessage($('rotation-status'), 'Refresh refused.', 'bad');
    }
    updateButtons();
  }

  async function replaySpentToken() {
    const result = await call('POST', 'auth/refresh', { json: { refresh_token: state.spentRefreshToken } });
    const refused = result.status === 400 && result.body && result.body.error === 'invalid_grant';
    showResult($('reuse-result'), result, refused
      ? 'Reuse detected: the whole token family is revoked.'
      : 'Unexpected answer.');
    if (state.accessToken) {
      const check = await call('GET', 'api/me', { token: state.accessToken });
      showResult($('reuse-access-result'), check, check.status === 401
        ? 'The current access token is refused too.'
        : 'The current access token still works?!');
      if (check.status === 401) {
        state.revoked = 'family revoked';
        setSessionState('session revoked — log in again', 'bad');
      }
    }
    tick();
    updateButtons();
  }

  async function logout() {
    const accessToken = state.accessToken;
    const refreshToken = state.refreshToken;
    const result = await call('POST', 'auth/logout', {
      token: accessToken, json: refreshToken ? { refresh_token: refreshToken } : {}
    });
    showResult($('logout-result'), result, result.status === 204 ? 'Session revoked.' : 'Logout refused.');
    const access = await call('GET', 'api/me', { token: accessToken });
    showResult($('logout-access-result'), access, access.status === 401
      ? 'The access token is refused after logout.' : 'The access token still works?!');
    if (refreshToken) {
      const again = await call('POST', 'auth/refresh', { json: { refresh_token: refreshToken } });
      showResult($('logout-refresh-result'), again, again.status === 400
        ? 'The refresh token is refused after logout.' : 'The refresh token still works?!');
    }
    // The tokens are dead: forget them, but keep the decoded view for inspection.
    state.revoked = 'logged out';
    state.accessToken = null;
    state.refreshToken = null;
    state.spentRefreshToken = null;
    $('refresh-token').textContent = '— (forgotten)';
    setSessionState('signed out', 'idle');
    showMessage($('login-status'), 'Logged out. Tokens revoked and forgotten.', 'idle');
    tick();
    updateButtons();
  }

  function guard(action) {
    return function (event) {
      const button = event && event.currentTarget;
      if (button && button.tagName === 'BUTTON') {
        button.classList.add('busy');
      }
      Promise.resolve(action(event)).catch(function (e) {
        showMessage($('login-status'), 'Unexpected error: ' + e, 'bad');
      }).finally(function () {
        if (button && button.tagName === 'BUTTON') {
          button.classList.remove('busy');
        }
      });
    };
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('pick-alice').addEventListener('click', function () { pickUser($('pick-alice')); });
    $('pick-admin').addEventListener('click', function () { pickUser($('pick-admin')); });
    $('login-form').addEventListener('submit', function (event) {
      event.preventDefault();
      guard(login)(event);
    });
    $('me-btn').addEventListener('click', guard(function () { return callApi('api/me', $('me-result')); }));
    $('admin-btn').addEventListener('click', guard(function () { return callApi('api/admin', $('admin-result')); }));
    $('refresh-btn').addEventListener('click', guard(refresh));
    $('reuse-btn').addEventListener('click', guard(replaySpentToken));
    $('logout-btn').addEventListener('click', guard(logout));
    state.timer = setInterval(tick, 1000);
    showToken();
    updateButtons();
    document.body.dataset.ready = 'true';
  });
})();
