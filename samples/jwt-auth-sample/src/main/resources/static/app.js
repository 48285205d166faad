/*
 * jwt-auth live demo. Plain JavaScript, no build step, no dependencies.
 *
 * Tokens are kept in the `state` object below and nowhere else: never in localStorage,
 * sessionStorage or cookies. Reloading the page forgets them.
 *
 * Cookie mode (jwt.auth.cookie.enabled=true on the server) is learnt from the login answer:
 * it has no refresh_token, because the server set it as an HttpOnly cookie for /auth, which
 * no script, this one included, can read. Only the token requests (login, refresh, logout)
 * are sent with the page's cookies (credentials: 'same-origin'), and all of them with
 * X-Requested-With, the header the server's CSRF guard asks for in cookie mode; every other
 * request is sent with credentials: 'omit'. The page keeps the access token in memory as in
 * the other modes; sessionStorage only holds a flag (COOKIE_FLAG) saying that a cookie
 * session was started in this tab, so that a reload tries a silent refresh, and only then.
 *
 * Everything the server answers is written with textContent, never innerHTML.
 *
 * With the DPoP switch on (RFC 9449), the page creates a non-extractable ES256 key with
 * WebCrypto: its private half can sign proofs but can never be read, not even by this
 * script. Every request of the session carries a fresh proof (a small JWT signed with
 * that key) in a DPoP header, and the access token is bound to the key's thumbprint
 * (cnf.jkt), so a stolen token is useless without the key.
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
    tokenType: null,          // token_type of the current tokens: 'Bearer' or 'DPoP'
    timer: null,
    cookieMode: false,        // whether the server keeps the refresh token in an HttpOnly cookie
    cookieSession: false,     // whether the browser holds a refresh cookie the page believes valid
    dpop: {
      key: null,              // the page's DPoP key (see createDPoPKey), made when the switch is turned on
      keyPromise: null,       // the key being made
      sessionKey: null,       // the key the current tokens are bound to, or null for bearer tokens
      lastApi: null           // the last API request of the session, as sent: for the replay step
    }
  };

  const REASONS = {
    0: 'Network error', 200: 'OK', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
    403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 415: 'Unsupported Media Type',
    500: 'Internal Server Error'
  };

  /** The sessionStorage key of the cookie-session flag: '1', or 'dpop' for a session bound to a DPoP key. */
  const COOKIE_FLAG = 'jwt-auth-cookie-session';

  /** What the page shows where the refresh token would be, in cookie mode. */
  const IN_COOKIE = '(in an HttpOnly cookie – not readable here)';

  /** The header the server's CSRF guard asks for on the token requests in cookie mode. */
  const REQUESTED_WITH = { name: 'X-Requested-With', value: 'XMLHttpRequest' };

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

  // ---------------------------------------------------------------- DPoP (RFC 9449)

  const encoder = new TextEncoder();

  /** Whether this browser can make DPoP keys here: WebCrypto needs a secure context (https or localhost). */
  function dpopSupported() {
    return window.isSecureContext === true && !!(window.crypto && window.crypto.subtle && window.crypto.randomUUID);
  }

  function base64UrlEncode(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function base64UrlJson(value) {
    return base64UrlEncode(encoder.encode(JSON.stringify(value)));
  }

  async function sha256(text) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  }

  /**
   * A DPoP key: an ECDSA P-256 key pair whose private key is NOT extractable. Its public
   * key is exported as a JWK (kty, crv, x, y only) for the proofs' header, and its RFC 7638
   * thumbprint is computed here, to compare with the token's cnf.jkt. The nonce is the
   * last DPoP-Nonce the server gave to the client holding this key.
   */
  async function createDPoPKey() {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const exported = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const jwk = { kty: exported.kty, crv: exported.crv, x: exported.x, y: exported.y };
    // RFC 7638: the required members in lexicographic order, no white space
    const thumbprint = base64UrlEncode(await sha256(
      JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })));
    let exportRefused = null;
    try {
      await crypto.subtle.exportKey('jwk', pair.privateKey);
    }
    catch (e) {
      exportRefused = e.name || String(e);
    }
    return { privateKey: pair.privateKey, jwk: jwk, thumbprint: thumbprint, exportRefused: exportRefused, nonce: null };
  }

  /** The page's DPoP key, made once. */
  function dpopKey() {
    if (!state.dpop.keyPromise) {
      state.dpop.keyPromise = createDPoPKey().then(function (key) {
        state.dpop.key = key;
        showDPoPKey();
        return key;
      }, function (e) {
        state.dpop.keyPromise = null;
        throw e;
      });
    }
    return state.dpop.keyPromise;
  }

  /** The htu of a request: the target URI without query and fragment. */
  function targetUri(path) {
    const url = new URL(path, document.baseURI);
    return url.origin + url.pathname;
  }

  /**
   * A DPoP proof for one request: typ dpop+jwt, alg ES256 and the public JWK in its header;
   * a fresh jti, htm, htu, iat, and ath (the hash of the access token) when a token is sent.
   * WebCrypto's ECDSA signature is already the raw R||S form that JWS uses.
   */
  async function createProof(key, method, path, accessToken) {
    const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk };
    const claims = { jti: crypto.randomUUID(), htm: method, htu: targetUri(path), iat: Math.floor(Date.now() / 1000) };
    if (accessToken) {
      claims.ath = base64UrlEncode(await sha256(accessToken));
    }
    if (key.nonce) {
      claims.nonce = key.nonce;
    }
    const input = base64UrlJson(header) + '.' + base64UrlJson(claims);
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, encoder.encode(input));
    return { proof: input + '.' + base64UrlEncode(new Uint8Array(signature)), header: header, claims: claims };
  }

  /** Whether the server asks for a (new) nonce: 400 at the token endpoints, 401 at the API. */
  function isNonceChallenge(result) {
    if (!result.dpopNonce) {
      return false;
    }
    if (result.status === 400) {
      return !!(result.body && result.body.error === 'use_dpop_nonce');
    }
    return result.status === 401 && (result.wwwAuthenticate || '').indexOf('error="use_dpop_nonce"') >= 0;
  }

  /** The credentials of the current session: DPoP-bound tokens with a proof of their key, else Bearer. */
  function sessionAuth(token) {
    if (state.tokenType === 'DPoP' && state.dpop.sessionKey) {
      return { token: token, scheme: 'DPoP', key: state.dpop.sessionKey };
    }
    return { token: token };
  }

  /** The proof options of a token request (refresh) of the current session. */
  function sessionProof() {
    return (state.tokenType === 'DPoP' && state.dpop.sessionKey) ? { key: state.dpop.sessionKey } : {};
  }

  // ---------------------------------------------------------------- HTTP

  /**
   * One HTTP call. Options: json (the body), token and scheme (Authorization, 'Bearer' by
   * default), key (sign a fresh DPoP proof with it) or proof (send this proof as it is),
   * cookie (a token request: sent with the page's cookies and X-Requested-With).
   * A proof refused for want of a server nonce is retried once with the nonce.
   */
  async function call(method, path, options) {
    const opts = options || {};
    if (opts.cookie && path === 'auth/refresh' && navigator.locks) {
      // every tab shares the one refresh cookie: refresh one at a time (Web Locks), so that
      // each presents the cookie the previous refresh set and none counts as reuse
      return navigator.locks.request('jwt-auth-refresh', function () { return callNow(method, path, opts); });
    }
    return callNow(method, path, opts);
  }

  async function callNow(method, path, opts) {
    let result = await exchange(method, path, opts);
    if (opts.key && !opts.proof && isNonceChallenge(result)) {
      // the DPoP-Nonce header of the answer is now the key's nonce
      result = await exchange(method, path, opts);
      result.nonceRetried = true;
    }
    return result;
  }

  async function exchange(method, path, opts) {
    const headers = { Accept: 'application/json' };
    let body;
    let proof = opts.proof || null;
    if (!proof && opts.key) {
      const made = await createProof(opts.key, method, path, opts.token);
      proof = made.proof;
      if (opts.key === state.dpop.key) {
        showProof(made);
      }
    }
    if (opts.token) {
      headers.Authorization = (opts.scheme || 'Bearer') + ' ' + opts.token;
    }
    if (proof) {
      headers.DPoP = proof;
    }
    if (opts.cookie) {
      headers[REQUESTED_WITH.name] = REQUESTED_WITH.value;
    }
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let result;
    try {
      const response = await fetch(path, {
        method: method, headers: headers, body: body, cache: 'no-store',
        credentials: opts.cookie ? 'same-origin' : 'omit'
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
        wwwAuthenticate: response.headers.get('WWW-Authenticate'),
        dpopNonce: response.headers.get('DPoP-Nonce')
      };
      if (result.dpopNonce && opts.key) {
        opts.key.nonce = result.dpopNonce;
      }
    }
    catch (e) {
      result = { method: method, path: '/' + path, status: 0, body: String(e), wwwAuthenticate: null, dpopNonce: null };
    }
    result.token = opts.token || null;
    result.scheme = opts.token ? (opts.scheme || 'Bearer') : null;
    result.proof = proof;
    logExchange(result, describeAuth(result.scheme, proof, opts.cookie && state.cookieMode));
    return result;
  }

  function describeAuth(scheme, proof, cookie) {
    const parts = [];
    if (scheme) {
      parts.push(scheme);
    }
    if (proof) {
      parts.push(scheme ? 'proof' : 'DPoP proof');
    }
    if (cookie) {
      parts.push('cookie');
    }
    return parts.length ? parts.join(' + ') : null;
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
    item.appendChild(el('span', 'log-req', result.method + ' ' + result.path + (auth ? '  (' + auth + ')' : '')));
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
    $('sessions-btn').disabled = !hasAccess;
    $('end-others-btn').disabled = !hasAccess;
    $('refresh-btn').disabled = state.refreshToken === null && !state.cookieSession;
    $('reuse-btn').disabled = state.spentRefreshToken === null;
    const bound = hasAccess && state.tokenType === 'DPoP';
    $('steal-key-btn').disabled = !bound;
    $('steal-replay-btn').disabled = !bound || state.dpop.lastApi === null;
    $('step-steal').hidden = !($('dpop-switch').checked || state.tokenType === 'DPoP');
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
      $('refresh-token').textContent = state.cookieSession ? IN_COOKIE : '—';
      $('token-alg').textContent = '—';
      $('token-kid').textContent = '—';
      $('token-type').textContent = '—';
      $('token-jkt').textContent = '—';
      state.claims = null;
      showBinding();
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
    $('token-type').textContent = state.tokenType || '—';
    $('token-jkt').textContent = jktOf(decoded.claims) || '(none: not bound to a key)';
    showBinding();
    showSigningKey(decoded.header).catch(function (e) {
      $('token-key').textContent = 'JWK Set lookup failed: ' + e;
    });
    const time = (s) => (typeof s === 'number') ? new Date(s * 1000).toLocaleTimeString() : '—';
    $('claims-times').textContent = 'iat ' + time(decoded.claims.iat) + '  ·  nbf ' + time(decoded.claims.nbf) +
      '  ·  exp ' + time(decoded.claims.exp) + '  (your local time)';
    $('refresh-token').textContent = state.refreshToken || (state.cookieSession ? IN_COOKIE : '—');
    tick();
  }

  /** Shows whether the server keeps the refresh token in a cookie: the badge and the cookie-mode notes. */
  function showCookieMode() {
    $('cookie-mode').hidden = !state.cookieMode;
    document.body.dataset.cookieMode = String(state.cookieMode);
  }

  /**
   * Remembers in sessionStorage that this tab has a cookie session, so that a reload tries
   * a silent refresh: '1', or 'dpop' when the session is bound to the page's DPoP key,
   * which a reload forgets. Never a token.
   */
  function rememberCookieSession(on) {
    try {
      if (on) {
        sessionStorage.setItem(COOKIE_FLAG, state.dpop.sessionKey ? 'dpop' : '1');
      }
      else {
        sessionStorage.removeItem(COOKIE_FLAG);
      }
    }
    catch (e) {
      // storage switched off: a reload just forgets the session
    }
  }

  function cookieSessionFlag() {
    try {
      return sessionStorage.getItem(COOKIE_FLAG);
    }
    catch (e) {
      return null;
    }
  }

  function jktOf(claims) {
    return (claims && claims.cnf && typeof claims.cnf.jkt === 'string') ? claims.cnf.jkt : null;
  }

  /** Shows the page's DPoP key: its thumbprint and that its private key cannot be exported. */
  function showDPoPKey() {
    const key = state.dpop.key;
    $('dpop-inspector').hidden = !key;
    if (!key) {
      return;
    }
    $('dpop-thumbprint').textContent = key.thumbprint;
    const extractable = $('dpop-extractable');
    extractable.textContent = String(key.privateKey.extractable) +
      (key.exportRefused ? ' (exportKey refused: ' + key.exportRefused + ')' : ' (exportKey worked?!)');
    extractable.dataset.extractable = String(key.privateKey.extractable);
    extractable.dataset.exportRefused = key.exportRefused ? 'true' : 'false';
    renderJson($('dpop-jwk'), key.jwk);
    showBinding();
  }

  /** Compares the token's cnf.jkt with the thumbprint of the page's key. */
  function showBinding() {
    const target = $('dpop-match');
    const jkt = jktOf(state.claims);
    const key = state.dpop.key;
    if (!jkt || !key) {
      target.textContent = key ? 'The current token is not bound to a key.' : '';
      target.className = 'times';
      target.dataset.match = '';
      return;
    }
    const match = jkt === key.thumbprint;
    target.dataset.match = String(match);
    target.className = 'times ' + (match ? 'status-line-ok' : 'status-line-bad');
    target.textContent = match
      ? 'The token\'s cnf.jkt is this key\'s thumbprint: the token is bound to this key.'
      : 'The token\'s cnf.jkt is NOT this key\'s thumbprint.';
  }

  /** Shows the last proof the page signed with its key. */
  function showProof(made) {
    renderJson($('dpop-proof-header'), made.header);
    renderJson($('dpop-proof-claims'), made.claims);
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
    state.tokenType = body.token_type || 'Bearer';
    state.revoked = null;
    showToken();
  }

  async function login(event) {
    event.preventDefault();
    const username = $('username').value;
    const key = $('dpop-switch').checked ? await dpopKey() : null;
    const result = await call('POST', 'auth/login', {
      json: { username: username, password: $('password').value }, key: key, cookie: true
    });
    if (result.status === 200 && result.body && result.body.access_token) {
      state.spentRefreshToken = null;
      state.dpop.lastApi = null;
      state.dpop.sessionKey = (key && result.body.token_type === 'DPoP') ? key : null;
      // no refresh token in the answer: the server set it as an HttpOnly cookie
      state.cookieMode = !result.body.refresh_token;
      state.cookieSession = state.cookieMode;
      acceptTokens(result.body);
      rememberCookieSession(state.cookieSession);
      showCookieMode();
      showMessage($('login-status'), 'Logged in as ' + state.claims.sub + ' — ' + result.body.token_type +
        ' token valid for ' + result.body.expires_in + ' s, ' + (state.cookieMode
          ? 'refresh token in an HttpOnly cookie (not in the answer, not readable here)' +
            (result.body.refresh_token_expires_in ? ' for ' + result.body.refresh_token_expires_in + ' s.' : '.')
          : 'refresh token for ' + result.body.refresh_token_expires_in + ' s.'), 'ok');
      if (key && !state.dpop.sessionKey) {
        showMessage($('dpop-status'), 'A proof was sent, but the server answered ' + result.body.token_type +
          ' tokens: DPoP is off on this server.', 'bad');
      }
      else if (key) {
        showMessage($('dpop-status'), 'The tokens are bound to the page\'s key' +
          (result.nonceRetried ? ' (after a retry with the server\'s DPoP nonce).' : '.'), 'ok');
      }
      setSessionState('signed in as ' + state.claims.sub, 'ok');
    }
    else {
      const error = (result.body && result.body.error) ? result.body.error : 'error';
      showMessage($('login-status'), 'Login failed: ' + result.status + ' ' + error, 'bad');
    }
    updateButtons();
  }

  async function callApi(path, target) {
    const result = await call('GET', path, sessionAuth(state.accessToken));
    if (result.scheme === 'DPoP' && result.proof) {
      // captured, as an eavesdropper on the connection (or a logging proxy) would
      state.dpop.lastApi = {
        method: result.method, path: path, token: result.token, proof: result.proof, at: Date.now()
      };
    }
    showResult(target, result);
    updateButtons();
  }

  /** A long token, shortened for display. */
  function abbreviate(token) {
    return (typeof token === 'string' && token.length > 48)
      ? token.slice(0, 24) + '…' + token.slice(-12) + ' (' + token.length + ' chars)'
      : token;
  }

  /** A token answer for display: the access token shortened. */
  function abbreviated(result) {
    const shown = Object.assign({}, result);
    if (result.body && typeof result.body === 'object' && result.body.access_token) {
      shown.body = Object.assign({}, result.body, { access_token: abbreviate(result.body.access_token) });
    }
    return shown;
  }

  async function refresh() {
    if (state.refreshToken === null && state.cookieSession) {
      return refreshWithCookie();
    }
    const old = state.refreshToken;
    const result = await call('POST', 'auth/refresh',
      Object.assign({ json: { refresh_token: old }, cookie: true }, sessionProof()));
    showResult($('refresh-result'), abbreviated(result));
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

  /**
   * Cookie mode: a refresh without a body. The browser sends the HttpOnly cookie, the answer
   * sets the next one (rotation) and carries only the new access token.
   */
  async function refreshWithCookie() {
    const oldJti = state.claims ? state.claims.jti : null;
    const result = await call('POST', 'auth/refresh', Object.assign({ cookie: true }, sessionProof()));
    showResult($('refresh-result'), abbreviated(result));
    if (result.status === 200 && result.body && result.body.access_token) {
      acceptTokens(result.body);
      $('old-refresh-token').textContent = IN_COOKIE;
      $('new-refresh-token').textContent = IN_COOKIE;
      const rotated = state.claims.jti !== oldJti;
      showMessage($('rotation-status'), rotated
        ? 'Rotated: the answer set a new refresh cookie and the old one is spent (neither readable here). ' +
          'New access token jti ' + state.claims.jti + ' (was ' + oldJti + ').'
        : 'Not rotated?!', rotated ? 'ok' : 'bad');
    }
    else {
      endCookieSession();
      showMessage($('rotation-status'), 'Refresh refused: no valid refresh cookie left (a refused cookie is cleared ' +
        'by the answer). Log in again.', 'bad');
    }
    updateButtons();
  }

  /** The refresh cookie is known to be gone or dead: no silent refresh after a reload. */
  function endCookieSession() {
    state.cookieSession = false;
    rememberCookieSession(false);
  }

  /**
   * After a reload in cookie mode: the access token went with the page, the refresh cookie
   * stayed in the browser. A silent refresh trades it for a new access token (and the next
   * cookie); if it is refused, the session is over.
   */
  async function restoreSession(flag) {
    if (flag === 'dpop') {
      // the session's refresh token is bound to a DPoP key that the reload forgot
      rememberCookieSession(false);
      document.body.dataset.restore = 'forgotten';
      showMessage($('login-status'), 'The previous session was bound to a DPoP key of the page, which the reload ' +
        'forgot: its refresh cookie is useless without it. Log in again.', 'idle');
      return;
    }
    showMessage($('login-status'), 'Restoring the session: silent refresh with the HttpOnly cookie…', null);
    state.cookieMode = true;
    const result = await call('POST', 'auth/refresh', { cookie: true });
    showResult($('refresh-result'), abbreviated(result), result.status === 200
      ? 'Silent refresh after the reload.' : 'Silent refresh refused: no session to restore.');
    if (result.status === 200 && result.body && result.body.access_token) {
      state.cookieMode = !result.body.refresh_token;
      state.cookieSession = state.cookieMode;
      state.dpop.sessionKey = null;
      acceptTokens(result.body);
      showCookieMode();
      showMessage($('login-status'), 'Session restored as ' + state.claims.sub + ' by a silent refresh: the ' +
        'browser sent the HttpOnly cookie, the answer set the next one — ' + result.body.token_type +
        ' token valid for ' + result.body.expires_in + ' s.', 'ok');
      setSessionState('signed in as ' + state.claims.sub, 'ok');
      document.body.dataset.restore = 'restored';
    }
    else {
      state.cookieMode = false;
      endCookieSession();
      const error = (result.body && result.body.error) ? result.body.error : 'error';
      showMessage($('login-status'), 'No session to restore (silent refresh: ' + result.status + ' ' + error +
        '). Not logged in.', 'idle');
      document.body.dataset.restore = 'failed';
    }
    updateButtons();
  }

  async function replaySpentToken() {
    const result = await call('POST', 'auth/refresh',
      Object.assign({ json: { refresh_token: state.spentRefreshToken }, cookie: true }, sessionProof()));
    const refused = result.status === 400 && result.body && result.body.error === 'invalid_grant';
    showResult($('reuse-result'), result, refused
      ? 'Reuse detected: the whole token family is revoked.'
      : 'Unexpected answer.');
    if (state.accessToken) {
      const check = await call('GET', 'api/me', sessionAuth(state.accessToken));
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
    const viaCookie = state.cookieMode && refreshToken === null;
    // in cookie mode no body: the server finds the session by the access token and clears the cookie
    const result = await call('POST', 'auth/logout', Object.assign(sessionAuth(accessToken), viaCookie
      ? { cookie: true }
      : { json: refreshToken ? { refresh_token: refreshToken } : {}, cookie: true }));
    showResult($('logout-result'), result, result.status === 204 ? 'Session revoked.' : 'Logout refused.');
    const access = await call('GET', 'api/me', sessionAuth(accessToken));
    showResult($('logout-access-result'), access, access.status === 401
      ? 'The access token is refused after logout.' : 'The access token still works?!');
    if (refreshToken) {
      const again = await call('POST', 'auth/refresh',
        Object.assign({ json: { refresh_token: refreshToken } }, sessionProof()));
      showResult($('logout-refresh-result'), again, again.status === 400
        ? 'The refresh token is refused after logout.' : 'The refresh token still works?!');
    }
    else if (viaCookie) {
      // whatever cookie the browser still has is sent: none, if the logout cleared it
      const again = await call('POST', 'auth/refresh', Object.assign({ cookie: true }, sessionProof()));
      // a request without the cookie gets invalid_grant, "...the refresh-token cookie is missing or expired"
      const noCookie = again.status === 400 && again.body && again.body.error === 'invalid_grant'
        && /cookie is missing/.test(again.body.error_description || '');
      showResult($('logout-refresh-result'), again, again.status === 400
        ? (noCookie ? 'No refresh cookie left: the logout answer cleared it.' : 'The refresh cookie is refused after logout.')
        : 'The refresh cookie still works?!');
    }
    endCookieSession();
    // The tokens are dead: forget them, but keep the decoded view for inspection.
    state.revoked = 'logged out';
    state.accessToken = null;
    state.refreshToken = null;
    state.spentRefreshToken = null;
    state.dpop.lastApi = null;
    $('refresh-token').textContent = viaCookie ? '— (the cookie was cleared)' : '— (forgotten)';
    clearSessions();
    setSessionState('signed out', 'idle');
    showMessage($('login-status'), 'Logged out. Tokens revoked and forgotten' +
      (viaCookie ? ', the refresh cookie cleared.' : '.'), 'idle');
    if ($('dpop-switch').checked && state.dpop.key) {
      showDPoPReady(state.dpop.key);
    }
    tick();
    updateButtons();
  }

  // ---------------------------------------------------------------- sessions

  /** An ISO-8601 instant of the sessions API in local time. */
  function localTime(iso) {
    const date = (typeof iso === 'string') ? new Date(iso) : null;
    return (date && !isNaN(date.getTime())) ? date.toLocaleString() : '—';
  }

  /** Lists the user's sessions; the answer is shown unless another one (an end) should stay in view. */
  async function listSessions(showAnswer) {
    const result = await call('GET', 'auth/sessions', sessionAuth(state.accessToken));
    const sessions = (result.status === 200 && result.body && Array.isArray(result.body.sessions))
      ? result.body.sessions : null;
    if (showAnswer !== false) {
      const shown = sessions
        ? Object.assign({}, result, { body: { sessions: '[' + sessions.length + ' listed above]' } }) : result;
      showResult($('sessions-result'), shown, sessions ? sessions.length + ' live session' +
        (sessions.length === 1 ? '' : 's') + ' of ' + (state.claims ? state.claims.sub : 'this user') + '.' : null);
    }
    renderSessions(sessions);
    updateButtons();
  }

  function renderSessions(sessions) {
    const list = $('sessions-list');
    list.textContent = '';
    (sessions || []).forEach(function (session) {
      const item = el('li', 'session' + (session.current ? ' session-current' : ''));
      item.dataset.sessionId = session.id;
      item.dataset.current = String(session.current === true);
      const head = el('div', 'session-head');
      head.appendChild(el('code', 'session-id', session.id));
      if (session.current) {
        head.appendChild(el('span', 'tag tag-ok', 'this session'));
      }
      if (session.dpop_bound) {
        head.appendChild(el('span', 'tag tag-dpop', 'DPoP'));
      }
      item.appendChild(head);
      item.appendChild(el('div', 'session-times', 'started ' + localTime(session.created_at) + '  ·  last used ' +
        localTime(session.last_used_at) + '  ·  ends ' + localTime(session.expires_at)));
      const client = [session.user_agent, session.client_address].filter(Boolean).join('  ·  ');
      if (client) {
        item.appendChild(el('div', 'session-client', client));
      }
      if (!session.current) {
        const end = el('button', 'btn btn-danger btn-small session-end', 'End');
        end.type = 'button';
        end.dataset.sessionId = session.id;
        end.addEventListener('click', guard(function () { return endSession(session.id); }));
        item.appendChild(end);
      }
      list.appendChild(item);
    });
  }

  /** Forgets the listed sessions (after a logout they are the list of a session that is over). */
  function clearSessions() {
    renderSessions(null);
    const result = $('sessions-result');
    result.textContent = 'Log in to list the sessions.';
    result.className = 'result empty';
    delete result.dataset.status;
  }

  async function endSession(id) {
    const result = await call('DELETE', 'auth/sessions/' + encodeURIComponent(id), sessionAuth(state.accessToken));
    showResult($('sessions-result'), result, result.status === 204
      ? 'Session ended: its refresh token is refused and its access token revoked.' : 'Not ended.');
    await listSessions(false);
  }

  async function endOtherSessions() {
    const result = await call('DELETE', 'auth/sessions/others', sessionAuth(state.accessToken));
    showResult($('sessions-result'), result, result.status === 204
      ? 'Every other session of this user ended; this one goes on.' : 'Not ended.');
    await listSessions(false);
  }

  // ---------------------------------------------------------------- steal the token (DPoP)

  function errorDescription(result) {
    return (result.body && typeof result.body === 'object' && result.body.error_description)
      ? result.body.error_description : null;
  }

  /** A thief has the access token but not the key: as a bearer token, and with a proof of another key. */
  async function stealWithoutKey() {
    const token = state.accessToken;
    const bearer = await call('GET', 'api/me', { token: token, scheme: 'Bearer' });
    showResult($('steal-bearer-result'), bearer, bearer.status === 401
      ? 'Refused: a DPoP-bound token is not accepted as a bearer token.'
      : 'The stolen token works as a bearer token?!');
    const attacker = await createDPoPKey();
    const forged = await call('GET', 'api/me', { token: token, scheme: 'DPoP', key: attacker });
    showResult($('steal-attacker-result'), forged, forged.status === 401
      ? 'Refused: the proof is signed by the thief\'s own key (thumbprint ' + attacker.thumbprint.slice(0, 12) +
        '…), not by the key of the token\'s cnf.jkt.'
      : 'The stolen token works with another key?!');
  }

  /** A thief has a whole request, proof included, and sends it again as it is. */
  async function replayCapturedProof() {
    const last = state.dpop.lastApi;
    const jti = decodeJwt(last.proof).claims.jti;
    const age = Math.round((Date.now() - last.at) / 1000);
    const result = await call(last.method, last.path, { token: last.token, scheme: 'DPoP', proof: last.proof });
    showResult($('steal-replay-result'), result, result.status === 401
      ? 'Refused: the captured proof (jti ' + jti + ', captured ' + age + ' s ago) ' +
        (/used before/.test(errorDescription(result) || '') ? 'was used before.' : 'is refused.')
      : 'The captured proof was accepted again?!');
  }

  function showDPoPReady(key) {
    showMessage($('dpop-status'), 'DPoP on: the next login binds the tokens to the key ' +
      key.thumbprint.slice(0, 12) + '… (private key extractable: ' + key.privateKey.extractable + ').', 'ok');
  }

  function toggleDPoP() {
    const on = $('dpop-switch').checked;
    if (on) {
      showMessage($('dpop-status'), 'Creating a non-extractable ES256 key…', null);
      dpopKey().then(showDPoPReady, function (e) {
        $('dpop-switch').checked = false;
        showMessage($('dpop-status'), 'No DPoP key: ' + e, 'bad');
        updateButtons();
      });
    }
    else {
      showMessage($('dpop-status'), state.tokenType === 'DPoP'
        ? 'DPoP off: the next login gets bearer tokens (the current ones stay bound to the key).'
        : 'DPoP off: bearer tokens.', null);
    }
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
    $('sessions-btn').addEventListener('click', guard(function () { return listSessions(true); }));
    $('end-others-btn').addEventListener('click', guard(endOtherSessions));
    $('steal-key-btn').addEventListener('click', guard(stealWithoutKey));
    $('steal-replay-btn').addEventListener('click', guard(replayCapturedProof));
    if (dpopSupported()) {
      $('dpop-switch').addEventListener('change', toggleDPoP);
      if ($('dpop-switch').checked) {
        // restored by the browser on a reload
        toggleDPoP();
      }
    }
    else {
      $('dpop-switch').disabled = true;
      showMessage($('dpop-status'), 'DPoP needs WebCrypto, which browsers offer only on https or localhost.', 'bad');
    }
    state.timer = setInterval(tick, 1000);
    showToken();
    showCookieMode();
    updateButtons();
    // a cookie session of this tab (only then: a refresh without a cookie is a failed request)
    const flag = cookieSessionFlag();
    document.body.dataset.restore = flag ? 'pending' : 'none';
    if (flag) {
      guard(function () { return restoreSession(flag); })();
    }
    document.body.dataset.ready = 'true';
  });
})();
