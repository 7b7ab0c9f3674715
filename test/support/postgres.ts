// A throwaway PostgreSQL 15 for tests and benchmarks: Debian's `postgresql` package (installed
// once when missing, as root), a fresh cluster in a temp folder run as the `postgres` system user
// (initdb refuses root) on a free loopback port, stopped and removed by its data folder afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

/** Installs Debian's postgresql package if its initdb is missing (as root), else says what to install. */
export function ensurePostgres(): void {
  if (fs.existsSync(path.join(BIN, 'initdb'))) return;
  if (!isRoot) throw new Error(`PostgreSQL 15 is not installed (${BIN}/initdb missing): run \`apt-get install -y postgresql\` as root`);
  process.stderr.write('installing Debian package postgresql (once)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'ignore', env });
  if (!fs.existsSync(path.join(BIN, 'initdb'))) throw new Error(`apt-get installed postgresql but ${BIN}/initdb is still missing`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as the `postgres` user when we are root (initdb and postgres refuse root). */
function pgBin(name: string, args: string[]): void {
  const [cmd, full] = isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, name), ...args]] : [path.join(BIN, name), args];
  const run = spawnSync(cmd, full, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${name} failed (${run.status ?? run.signal}): ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ')}`);
}

export interface ClusterOptions {
  /** Off for tests (a process crash keeps the OS cache); on for benchmarks that claim durable figures. */
  fsync?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

export class PgCluster {
  private running = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly opts: ClusterOptions,
  ) {}

  /** Creates and starts a cluster: superuser `postgres` (trust), every other role by SCRAM password over TCP. */
  static async start(opts: ClusterOptions = {}): Promise<PgCluster> {
    ensurePostgres();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-pg-'));
    const cluster = new PgCluster(dir, await freePort(), opts);
    live.add(cluster);
    try {
      fs.chmodSync(dir, 0o700);
      if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
      pgBin('initdb', ['-D', cluster.data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
      fs.writeFileSync(
        path.join(cluster.data, 'pg_hba.conf'),
        'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n',
      );
      cluster.startServer();
    } catch (err) {
      cluster.destroy();
      throw err;
    }
    return cluster;
  }

  get data(): string {
    return path.join(this.dir, 'data');
  }

  /** A connection URL; without a user it is the superuser's. */
  url(user = 'postgres', password?: string, database = 'postgres'): string {
    const auth = password === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
    return `postgres://${auth}@127.0.0.1:${this.port}/${database}`;
  }

  /** Runs SQL as the superuser and returns the rows. */
  async sql<T extends object = Record<string, unknown>>(text: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
    const client = new Client({ connectionString: this.url('postgres', undefined, database) });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  startServer(): void {
    const settings = { listen_addresses: '127.0.0.1', fsync: this.opts.fsync ? 'on' : 'off', ...this.opts.settings };
    const o = [`-p ${this.port}`, `-k ${this.dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    pgBin('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'log'), '-o', o, '-w', 'start']);
    this.running = true;
  }

  /** `fast` disconnects clients and shuts down cleanly; `immediate` is a crash (recovery on next start). */
  stopServer(mode: 'fast' | 'immediate' = 'fast'): void {
    if (!this.running) return;
    pgBin('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
    this.running = false;
  }

  /** Stops the server (by its data folder) and removes the folder. Safe to call twice. */
  destroy(): void {
    live.delete(this);
    try {
      if (this.running) this.stopServer('immediate');
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

// A test run that dies on an assertion still leaves no server behind.
const live = new Set<PgCluster>();
process.once('exit', () => {
  for (const c of live) {
    try {
      c.destroy();
    } catch {
      // Best effort at exit.
    }
  }
});
