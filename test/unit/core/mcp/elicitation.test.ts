// Elicitation end to end: real servers ask through `elicitation/create`, the pool hands the request
// to Elicitation, and a scripted prompts port plays the user. A v1 server (the SDK fixture) over
// stdio, and a v2 server over HTTP through createMcpHandler (input requests, which a v1 client
// could not receive). Accept, decline, cancel, an invalid answer asked again, and one refused.
import * as assert from 'node:assert/strict';
import { Elicitation, MAX_TRIES } from '../../../../src/core/mcp/elicitation';
import type { ElicitationPrompts } from '../../../../src/core/mcp/elicitation';
import type { Question } from '../../../../src/core/mcp/elicitationForm';
import { McpPool } from '../../../../src/core/mcp/pool';
import { FAST_RECONNECT, MODERN, closedAfterEach, entry, startChild, testHost, textOf } from './helpers';


/** Plays the user: `begin` and each field's answer come from the script; everything shown is kept. */
class ScriptedUser implements ElicitationPrompts {
  readonly shown: string[] = [];
  readonly opened: string[] = [];
  constructor(
    private readonly choice: 'accept' | 'decline' | undefined,
    private readonly answers: Record<string, (string | undefined)[]> = {},
    private readonly urlChoice: 'open' | 'decline' | undefined = undefined,
  ) {}

  begin = ({ server, message, fields }: { server: string; message: string; fields: readonly Question[] }) => {
    this.shown.push(`begin ${server}: ${message} [${fields.map((f) => f.key).join(',')}]`);
    return Promise.resolve(this.choice);
  };
  question = (q: Question, { problem }: { problem?: string }) => {
    this.shown.push(`ask ${q.key}${problem ? ` (${problem})` : ''}`);
    return Promise.resolve((this.answers[q.key] ?? []).shift());
  };
  confirmUrl = ({ server, url }: { server: string; url: URL }) => {
    this.shown.push(`url ${server}: ${url.host}`);
    return Promise.resolve(this.urlChoice);
  };
  openUrl = (url: URL) => {
    this.opened.push(url.href);
    return Promise.resolve(true);
  };
  refused = (_ask: unknown, problems: readonly string[]) => void this.shown.push(`refused ${problems.join('; ')}`);
}

describe('elicitation (real servers, scripted user)', function () {
  this.timeout(60_000);
  const held = closedAfterEach();

  async function askThrough(server: 'v1' | 'v2', user: ScriptedUser): Promise<string> {
    const elicitation = new Elicitation(user);
    const pool = (held.pool = new McpPool({ ...testHost(), onElicit: (name, request) => elicitation.answer(name, request) }, FAST_RECONNECT));
    if (server === 'v1') {
      await pool.apply([entry('v1', {})]);
    } else {
      const started = await startChild([MODERN, 'http'], {}, /listening (\d+)/, 'stdout');
      held.child = started.child;
      await pool.apply([entry('v2', { type: 'http', url: `http://127.0.0.1:${started.match[1]}/mcp`, headers: {} })]);
    }
    return textOf(await pool.callTool(server, 'ask', {}));
  }

  const accepted = { v1: 'hello {"name":"Ada","age":36}', v2: 'hello Ada (36)' };
  const cancelled = { v1: 'cancel', v2: 'cancelled' };
  const declined = { v1: 'decline', v2: 'declined' };
  for (const server of ['v1', 'v2'] as const) {
    describe(server === 'v1' ? 'a v1 server over stdio' : 'a v2 server over HTTP (createMcpHandler)', () => {
      it('accept: asks each field, naming the server, and sends typed answers', async () => {
        const user = new ScriptedUser('accept', { name: ['Ada'], age: ['36'] });
        assert.equal(await askThrough(server, user), accepted[server]);
        assert.deepEqual(user.shown, [`begin ${server}: Who is asking? [name,age]`, 'ask name', 'ask age']);
      });

      it('decline: the server hears decline and no field is asked', async () => {
        const user = new ScriptedUser('decline');
        assert.equal(await askThrough(server, user), declined[server]);
        assert.deepEqual(user.shown, [`begin ${server}: Who is asking? [name,age]`]);
      });

      it('cancel: dismissing a field cancels the whole request', async () => {
        const user = new ScriptedUser('accept', { name: ['Ada'], age: [undefined] });
        assert.equal(await askThrough(server, user), cancelled[server]);
      });

      it('an invalid answer is refused with its problem and asked again', async () => {
        const user = new ScriptedUser('accept', { name: ['Ada'], age: ['old', '-1', '36'] });
        assert.equal(await askThrough(server, user), accepted[server]);
        assert.deepEqual(user.shown.slice(2), ['ask age', 'ask age (/age must be integer)', 'ask age (/age must be >= 0)']);
      });
    });
  }

  it(`refuses the form after ${MAX_TRIES} invalid answers, sending nothing invalid`, async () => {
    const user = new ScriptedUser('accept', { name: Array<string>(MAX_TRIES).fill('  ') });
    assert.equal(await askThrough('v1', user), 'cancel');
    assert.equal(user.shown.filter((s) => s.startsWith('ask name')).length, MAX_TRIES);
    assert.match(user.shown.at(-1)!, /^refused Name: .*must have required property 'name'/);
  });
});

describe('elicitation URL mode', () => {
  const request = { mode: 'url' as const, message: 'Sign in\nplease', elicitationId: 'e1', url: 'https://login.example.com/start?x=1' };

  it('opens the link only after the user confirmed it, showing its host', async () => {
    const user = new ScriptedUser(undefined, {}, 'open');
    assert.deepEqual(await new Elicitation(user).answer('s', request), { action: 'accept' });
    assert.deepEqual(user.shown, ['url s: login.example.com']);
    assert.deepEqual(user.opened, ['https://login.example.com/start?x=1']);
  });

  it('declined or dismissed, it opens nothing', async () => {
    for (const [choice, action] of [['decline', 'decline'], [undefined, 'cancel']] as const) {
      const user = new ScriptedUser(undefined, {}, choice);
      assert.deepEqual(await new Elicitation(user).answer('s', request), { action });
      assert.deepEqual(user.opened, []);
    }
  });

  it('refuses links that are not http(s)', async () => {
    const user = new ScriptedUser(undefined, {}, 'open');
    assert.deepEqual(await new Elicitation(user).answer('s', { ...request, url: 'file:///etc/passwd' }), { action: 'decline' });
    assert.deepEqual(user.opened, []);
    assert.match(user.shown[0] ?? '', /^refused links to file: are not opened/);
  });
});
