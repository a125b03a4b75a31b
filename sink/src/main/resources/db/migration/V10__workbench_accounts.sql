-- Accounts of the analysts' workbench (module web): who may sign in, with which role, for which
-- bureaus. Passwords and API tokens are stored only as hashes (Argon2id, SHA-256). Sessions are
-- kept in the workbench's memory, not here. Account changes are recorded in an append-only log.

CREATE TABLE workbench_account (
    id              bigserial   PRIMARY KEY,
    name            text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    role            text        NOT NULL CHECK (role IN ('ANALYST', 'SUPERVISOR', 'ADMIN', 'AUDITOR')),
    password_hash   text        NOT NULL,              -- '' until a password is set
    disabled        boolean     NOT NULL DEFAULT false,
    failed_logins   integer     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until    timestamptz,
    settings        jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    created_at      timestamptz NOT NULL
);

-- A bureau is a region code of the bureau directory (lead_route.region_code).
CREATE TABLE workbench_account_bureau (
    account_id  bigint NOT NULL REFERENCES workbench_account (id) ON DELETE CASCADE,
    region_code text   NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
    PRIMARY KEY (account_id, region_code)
);

CREATE TABLE workbench_token (
    id            bigserial   PRIMARY KEY,
    account_id    bigint      NOT NULL REFERENCES workbench_account (id) ON DELETE CASCADE,
    token_sha256  text        NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

CREATE TABLE workbench_account_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL CHECK (actor <> ''),
    account     text        NOT NULL,
    action      text        NOT NULL CHECK (action ~ '^[A-Z][A-Z_]*$'),
    details     jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);

CREATE FUNCTION workbench_account_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'workbench_account_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER workbench_account_log_no_rewrite
    BEFORE UPDATE OR DELETE ON workbench_account_log
    FOR EACH ROW EXECUTE FUNCTION workbench_account_log_append_only();

CREATE TRIGGER workbench_account_log_no_truncate
    BEFORE TRUNCATE ON workbench_account_log
    FOR EACH STATEMENT EXECUTE FUNCTION workbench_account_log_append_only();

-- The queue's bureau filter and the visibility rule look leads up by region code.
CREATE INDEX lead_route_region ON lead_route (region_code, lead_id);
