// The team ledger's PostgreSQL schema, versioned in `switchboard.schema_version`. Migration i
// takes the database from version i to i + 1; shipped migrations never change (databases were
// made with them). docs/team-ledger.sql is `dbaScript()` verbatim, for applying by hand.
//
// Only usage metadata is stored: ids, times, member/project/machine, provider/model names,
// token counts, costs, statuses. Never prompts, answers, execution titles, tool arguments,
// tool error texts or keys. Days are UTC.
import type { ClientBase } from 'pg';

export const SCHEMA = 'switchboard';
export const READER_ROLE = 'switchboard_reader';
export const WRITER_ROLE = 'switchboard_writer';

const ROLLUP_SUMS = `count(*), sum(CASE WHEN cache_hit THEN 0 ELSE input END), sum(CASE WHEN cache_hit THEN 0 ELSE output END),
      sum(CASE WHEN cache_hit THEN 0 ELSE cache_read END), sum(CASE WHEN cache_hit THEN 0 ELSE cache_write END),
      sum(CASE WHEN cache_hit THEN 0 ELSE reasoning END), coalesce(sum(cost_nano), 0), count(*) FILTER (WHERE cost_nano IS NULL),
      coalesce(sum(saved_nano), 0), count(*) FILTER (WHERE cache_hit), count(*) FILTER (WHERE status <> 'ok')`;

const role = (name: string) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} NOLOGIN; END IF;
END $$;`;

export const MIGRATIONS: readonly string[] = [
  // 1: detail tables keyed by Switchboard's record ids, the daily rollup and execution totals
  // (kept by a statement trigger over the rows each INSERT actually added), grants. The schema,
  // the roles and the version table come first (PREAMBLE).
  `
CREATE TABLE ${SCHEMA}.calls(
  uid bytea PRIMARY KEY, started_at timestamptz NOT NULL,
  member text NOT NULL, project text NOT NULL, machine text NOT NULL, execution bytea,
  provider text NOT NULL, provider_kind text NOT NULL, model text NOT NULL, response_model text,
  duration_ms integer NOT NULL, input bigint NOT NULL, output bigint NOT NULL, cache_read bigint NOT NULL,
  cache_write bigint NOT NULL, reasoning bigint NOT NULL, cost_nano bigint, saved_nano bigint,
  cache_hit boolean NOT NULL, status text NOT NULL, error_kind text);
CREATE INDEX calls_started_at ON ${SCHEMA}.calls(started_at);
CREATE INDEX calls_execution ON ${SCHEMA}.calls(execution) WHERE execution IS NOT NULL;
CREATE TABLE ${SCHEMA}.tool_calls(
  uid bytea PRIMARY KEY, started_at timestamptz NOT NULL,
  member text NOT NULL, project text NOT NULL, machine text NOT NULL, execution bytea,
  server text NOT NULL, tool text NOT NULL, duration_ms integer NOT NULL, status text NOT NULL,
  request_bytes bigint NOT NULL, response_bytes bigint NOT NULL);
CREATE INDEX tool_calls_started_at ON ${SCHEMA}.tool_calls(started_at);
CREATE TABLE ${SCHEMA}.executions(
  uid bytea PRIMARY KEY, started_at timestamptz NOT NULL, ended_at timestamptz,
  member text NOT NULL, project text NOT NULL, machine text NOT NULL, kind text, status text NOT NULL,
  calls bigint NOT NULL DEFAULT 0, input bigint NOT NULL DEFAULT 0, output bigint NOT NULL DEFAULT 0,
  cost_nano bigint NOT NULL DEFAULT 0, unpriced bigint NOT NULL DEFAULT 0, saved_nano bigint NOT NULL DEFAULT 0);
CREATE INDEX executions_started_at ON ${SCHEMA}.executions(started_at);
-- Top executions of a month walk this and stop at the limit instead of sorting the month.
CREATE INDEX executions_cost ON ${SCHEMA}.executions(cost_nano DESC);
CREATE TABLE ${SCHEMA}.usage_daily(
  day date NOT NULL, member text NOT NULL, project text NOT NULL, provider text NOT NULL, model text NOT NULL,
  calls bigint NOT NULL, input bigint NOT NULL, output bigint NOT NULL, cache_read bigint NOT NULL,
  cache_write bigint NOT NULL, reasoning bigint NOT NULL, cost_nano bigint NOT NULL, unpriced bigint NOT NULL,
  saved_nano bigint NOT NULL, cache_hits bigint NOT NULL, errors bigint NOT NULL,
  PRIMARY KEY(day, member, project, provider, model));
CREATE FUNCTION ${SCHEMA}.calls_added() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $fn$
BEGIN
  -- Sorted keys: concurrent shippers lock rollup rows in one order (no deadlocks).
  INSERT INTO ${SCHEMA}.usage_daily AS d
    SELECT (started_at AT TIME ZONE 'UTC')::date, member, project, provider, model, ${ROLLUP_SUMS}
    FROM added GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, member, project, provider, model) DO UPDATE SET
    calls = d.calls + excluded.calls, input = d.input + excluded.input, output = d.output + excluded.output,
    cache_read = d.cache_read + excluded.cache_read, cache_write = d.cache_write + excluded.cache_write,
    reasoning = d.reasoning + excluded.reasoning, cost_nano = d.cost_nano + excluded.cost_nano,
    unpriced = d.unpriced + excluded.unpriced, saved_nano = d.saved_nano + excluded.saved_nano,
    cache_hits = d.cache_hits + excluded.cache_hits, errors = d.errors + excluded.errors;
  -- A call may arrive before its execution's record: a placeholder takes the call's identity.
  INSERT INTO ${SCHEMA}.executions AS x (uid, started_at, member, project, machine, status, calls, input, output, cost_nano, unpriced, saved_nano)
    SELECT execution, min(started_at), min(member), min(project), min(machine), 'running', count(*),
      sum(CASE WHEN cache_hit THEN 0 ELSE input END), sum(CASE WHEN cache_hit THEN 0 ELSE output END),
      coalesce(sum(cost_nano), 0), count(*) FILTER (WHERE cost_nano IS NULL), coalesce(sum(saved_nano), 0)
    FROM added WHERE execution IS NOT NULL GROUP BY execution ORDER BY execution
  ON CONFLICT (uid) DO UPDATE SET calls = x.calls + excluded.calls, input = x.input + excluded.input,
    output = x.output + excluded.output, cost_nano = x.cost_nano + excluded.cost_nano,
    unpriced = x.unpriced + excluded.unpriced, saved_nano = x.saved_nano + excluded.saved_nano;
  RETURN NULL;
END $fn$;
CREATE TRIGGER calls_added AFTER INSERT ON ${SCHEMA}.calls REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION ${SCHEMA}.calls_added();
GRANT USAGE ON SCHEMA ${SCHEMA} TO ${READER_ROLE}, ${WRITER_ROLE};
GRANT SELECT ON ALL TABLES IN SCHEMA ${SCHEMA} TO ${READER_ROLE}, ${WRITER_ROLE};
GRANT INSERT ON ${SCHEMA}.calls, ${SCHEMA}.tool_calls, ${SCHEMA}.executions TO ${WRITER_ROLE};
GRANT UPDATE (started_at, ended_at, kind, status) ON ${SCHEMA}.executions TO ${WRITER_ROLE};
`,
  // 2: where a call came from (run, agent, vscode-chat, gateway…), the asking extension or
  // gateway client's name, and the workspace's name: attribution, not content.
  `
ALTER TABLE ${SCHEMA}.calls ADD COLUMN source text, ADD COLUMN client text, ADD COLUMN workspace text;
`,
];

export const TEAM_SCHEMA_VERSION = MIGRATIONS.length;

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_version(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
GRANT SELECT ON ${SCHEMA}.schema_version TO ${READER_ROLE}, ${WRITER_ROLE};`;

/** Schema, roles and version table: what every migration runs after. */
const PREAMBLE = [`CREATE SCHEMA IF NOT EXISTS ${SCHEMA};`, role(READER_ROLE).trim(), role(WRITER_ROLE).trim(), VERSION_TABLE].join('\n');

/** A schema newer than this build: shipping stops (it might write what the newer schema forbids). */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number) {
    super(`the team database has schema version ${found}, newer than this Switchboard supports (${TEAM_SCHEMA_VERSION}); update Switchboard`);
  }
}

/** The whole schema as one script for a DBA (psql -1 -f): every migration and its version row. */
export function dbaScript(): string {
  const parts = MIGRATIONS.map((m, i) => `-- migration ${i + 1}\n${m.trim()}\nINSERT INTO ${SCHEMA}.schema_version(version) VALUES (${i + 1});\n`);
  return [
    '-- Switchboard team ledger schema, for applying by hand: psql -v ON_ERROR_STOP=1 -1 -f team-ledger.sql',
    `-- Generated from src/core/team/schema.ts (version ${TEAM_SCHEMA_VERSION}); a test keeps them equal.`,
    `-- Grant ${WRITER_ROLE} to each Switchboard login and ${READER_ROLE} to dashboard logins.`,
    '',
    PREAMBLE,
    ...parts,
  ].join('\n');
}

export async function schemaVersion(client: ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('${SCHEMA}.schema_version')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.schema_version`);
  return r.rows[0]?.v ?? 0;
}

/**
 * Brings the database to this build's version (each step in its own transaction, under an
 * advisory lock so two Switchboards never migrate at once). Throws SchemaTooNewError for a newer
 * schema; a missing privilege surfaces as PostgreSQL's own error (classified by the caller).
 */
export async function migrate(client: ClientBase): Promise<{ from: number; to: number }> {
  const from = await schemaVersion(client);
  if (from > TEAM_SCHEMA_VERSION) throw new SchemaTooNewError(from);
  if (from === TEAM_SCHEMA_VERSION) return { from, to: from };
  await client.query("SELECT pg_advisory_lock(hashtext('switchboard.migrate'))");
  try {
    const now = await schemaVersion(client);
    if (now > TEAM_SCHEMA_VERSION) throw new SchemaTooNewError(now);
    for (let v = now; v < TEAM_SCHEMA_VERSION; v++) {
      await client.query('BEGIN');
      try {
        if (v === 0) await client.query(PREAMBLE);
        await client.query(MIGRATIONS[v]!);
        await client.query(`INSERT INTO ${SCHEMA}.schema_version(version) VALUES ($1)`, [v + 1]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('switchboard.migrate'))").catch(() => undefined);
  }
  return { from, to: TEAM_SCHEMA_VERSION };
}
