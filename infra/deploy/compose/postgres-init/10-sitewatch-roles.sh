#!/bin/sh
# First start of the database only (docker-entrypoint-initdb.d): the login roles with the
# passwords from .env. `sitewatch db migrate --create-roles` (service migrate) then creates the
# NOLOGIN owner, migrates as it and grants these roles what they may do (docs/database.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v sink_pw="$SITEWATCH_SINK_DB_PASSWORD" \
  -v analyst_pw="$SITEWATCH_ANALYST_DB_PASSWORD" \
  -v tips_pw="$SITEWATCH_TIPS_DB_PASSWORD" <<'SQL'
CREATE ROLE sitewatch_sink LOGIN NOINHERIT PASSWORD :'sink_pw';
CREATE ROLE sitewatch_analyst LOGIN NOINHERIT PASSWORD :'analyst_pw';
CREATE ROLE sitewatch_tips LOGIN NOINHERIT PASSWORD :'tips_pw';
SQL
