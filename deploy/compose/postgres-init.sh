#!/bin/bash
# One database and one owner role per SIMPEG service (PostgreSQL's docker-entrypoint runs this
# once, on an empty data volume). SIMPEG_DATABASES lists the services; the password of each
# comes from <SERVICE>_DB_PASSWORD (set in .env, never committed).
set -euo pipefail
for db in ${SIMPEG_DATABASES}; do
  var="${db^^}_DB_PASSWORD"
  password="${!var:?${var} is not set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v db="$db" -v pw="$password" <<'SQL'
CREATE ROLE :"db" LOGIN PASSWORD :'pw';
CREATE DATABASE :"db" OWNER :"db";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
