// The connection test behind "Connect Team Ledger…": connect, bring the schema up to date when
// this login may, and check the login can ship. Each failure is one TeamError naming its kind.
import type { ClientBase } from 'pg';
import { type TeamError, type TeamTarget, classifyTeamError, connectTeam } from './connection';
import { SCHEMA, TEAM_SCHEMA_VERSION, WRITER_ROLE, migrate } from './schema';
import type { TeamProbe } from './teamProtocol';

/** A missing privilege as PostgreSQL itself would report it (so it classifies the same way). */
function privilegeError(message: string): Error {
  return Object.assign(new Error(message), { code: '42501' });
}

async function canShip(client: ClientBase): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>(
    `SELECT has_table_privilege('${SCHEMA}.calls', 'INSERT') AND has_table_privilege('${SCHEMA}.tool_calls', 'INSERT')
       AND has_table_privilege('${SCHEMA}.executions', 'INSERT') AS ok`,
  );
  return r.rows[0]?.ok === true;
}

export async function probeTeam(target: TeamTarget, password: string | undefined): Promise<TeamProbe | TeamError> {
  let client;
  try {
    client = await connectTeam(target, password);
    const server = String((await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?');
    const { from } = await migrate(client);
    if (!(await canShip(client))) throw privilegeError(`permission denied to insert into ${SCHEMA}.calls, tool_calls or executions (grant ${WRITER_ROLE})`);
    return { server, schemaVersion: TEAM_SCHEMA_VERSION, migrates: from < TEAM_SCHEMA_VERSION };
  } catch (err) {
    return classifyTeamError(err, target);
  } finally {
    await client?.end().catch(() => undefined);
  }
}

export function isTeamError(v: TeamProbe | TeamError): v is TeamError {
  return 'kind' in v;
}
