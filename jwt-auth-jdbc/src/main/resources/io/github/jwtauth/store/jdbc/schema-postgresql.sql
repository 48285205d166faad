-- jwt-auth JDBC store, PostgreSQL 13 or later. Times are epoch milliseconds.
-- Safe to run again: it creates what is missing and upgrades older tables in place.
CREATE TABLE IF NOT EXISTS jwt_auth_refresh_family (
    family_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    subject         VARCHAR(255) NOT NULL,
    created_at      BIGINT       NOT NULL,
    expires_at      BIGINT       NOT NULL,
    last_expires_at BIGINT       NOT NULL,
    revoked         BOOLEAN      NOT NULL DEFAULT FALSE,
    dpop_jkt        VARCHAR(64)  NULL,
    last_used_at    BIGINT       NULL,
    user_agent      VARCHAR(256) NULL,
    client_address  VARCHAR(64)  NULL
);
-- upgrade from tables without DPoP: the thumbprint of the key a family is bound to (RFC 9449), NULL if unbound
ALTER TABLE jwt_auth_refresh_family ADD COLUMN IF NOT EXISTS dpop_jkt VARCHAR(64) NULL;
-- upgrade from tables without session listing: the family's last use (its login or latest refresh) and the
-- user agent and client address of that use (personal data, NULL unless the application records them, deleted
-- with the family). Families written before the upgrade have no last_used_at: NULL is read as created_at
ALTER TABLE jwt_auth_refresh_family ADD COLUMN IF NOT EXISTS last_used_at BIGINT NULL;
ALTER TABLE jwt_auth_refresh_family ADD COLUMN IF NOT EXISTS user_agent VARCHAR(256) NULL;
ALTER TABLE jwt_auth_refresh_family ADD COLUMN IF NOT EXISTS client_address VARCHAR(64) NULL;
CREATE INDEX IF NOT EXISTS jwt_auth_refresh_family_subject ON jwt_auth_refresh_family (subject);
CREATE TABLE IF NOT EXISTS jwt_auth_refresh_token (
    token_hash VARCHAR(64)  NOT NULL PRIMARY KEY,
    family_id  VARCHAR(64)  NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    issued_at  BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    spent      BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS jwt_auth_refresh_token_family ON jwt_auth_refresh_token (family_id);
CREATE TABLE IF NOT EXISTS jwt_auth_revocation (
    id            BIGSERIAL    NOT NULL PRIMARY KEY,
    kind          VARCHAR(16)  NOT NULL,
    revoked_value VARCHAR(255) NOT NULL,
    cutoff        BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL,
    tx_id         XID8         NOT NULL DEFAULT pg_current_xact_id()
);
-- upgrade from 0.1 tables: the inserting transaction's ID orders the poll (commit-order safe);
-- existing rows get the ID of the upgrading transaction
ALTER TABLE jwt_auth_revocation ADD COLUMN IF NOT EXISTS tx_id XID8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS jwt_auth_revocation_tx ON jwt_auth_revocation (tx_id);
CREATE INDEX IF NOT EXISTS jwt_auth_revocation_created ON jwt_auth_revocation (created_at);
CREATE INDEX IF NOT EXISTS jwt_auth_revocation_expires ON jwt_auth_revocation (expires_at);
CREATE TABLE IF NOT EXISTS jwt_auth_attempt (
    attempt_key  VARCHAR(64) NOT NULL PRIMARY KEY,
    failures     INTEGER     NOT NULL,
    last_failure BIGINT      NOT NULL,
    expires_at   BIGINT      NOT NULL
);
CREATE INDEX IF NOT EXISTS jwt_auth_attempt_expires ON jwt_auth_attempt (expires_at);
-- managed signing keys (jwt.auth.signing.rotation): one row per generation; the private key only sealed
CREATE TABLE IF NOT EXISTS jwt_auth_signing_key (
    generation         BIGINT       NOT NULL PRIMARY KEY,
    key_id             VARCHAR(255) NOT NULL,
    algorithm          VARCHAR(16)  NOT NULL,
    created_at         BIGINT       NOT NULL,
    activates_at       BIGINT       NOT NULL,
    public_jwk         TEXT         NOT NULL,
    sealed_private_key TEXT         NOT NULL
);
-- DPoP proofs seen (RFC 9449 §11.1): one row per proof key (a digest, never the proof) until the proof expires
CREATE TABLE IF NOT EXISTS jwt_auth_dpop_proof (
    proof_key  VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at BIGINT      NOT NULL
);
CREATE INDEX IF NOT EXISTS jwt_auth_dpop_proof_expires ON jwt_auth_dpop_proof (expires_at);
