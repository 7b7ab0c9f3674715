// Long elicitation forms on one page: server-everything's trigger-elicitation-request asks for 13
// fields, so a host that has a form page gets them all at once; each submission is checked against
// the requested schema before anything reaches the server. Short forms keep one prompt per field.
import * as assert from 'node:assert/strict';
import { Elicitation, QUICK_FIELDS } from '../../../../src/core/mcp/elicitation';
import type { ElicitationPrompts, FormAnswers, FormCheck, FormOutcome } from '../../../../src/core/mcp/elicitation';
import type { Question } from '../../../../src/core/mcp/elicitationForm';
import { McpPool } from '../../../../src/core/mcp/pool';
import { EVERYTHING, FAST_RECONNECT, closedAfterEach, entry, fixtureEntry, testHost, textOf } from './helpers';

type Step = { answers: FormAnswers } | 'decline' | 'cancel' | { lie: Record<string, unknown> };

/** Plays a user of the form page: submits each step's answers in turn; keeps what it was shown and told. */
class FormUser implements ElicitationPrompts {
  readonly fields: Question[] = [];
  readonly verdicts: ReturnType<FormCheck>[] = [];
  readonly shown: string[] = [];
  constructor(private readonly steps: Step[]) {}

  form = async (ask: { server: string; message: string; fields: readonly Question[] }, check: FormCheck): Promise<FormOutcome> => {
    this.fields.push(...ask.fields);
    this.shown.push(`form ${ask.server}: ${ask.message}`);
    for (const step of this.steps) {
      if (step === 'decline') return { action: 'decline' };
      if (step === 'cancel') return undefined;
      if ('lie' in step) return { action: 'accept', content: step.lie };
      const verdict = check(step.answers);
      this.verdicts.push(verdict);
      if ('content' in verdict) return { action: 'accept', content: verdict.content };
    }
    return undefined;
  };
  begin = ({ fields }: { fields: readonly Question[] }) => (this.shown.push(`begin [${fields.map((f) => f.key).join(',')}]`), Promise.resolve('accept' as const));
  question = (q: Question) => (this.shown.push(`ask ${q.key}`), Promise.resolve(q.key === 'name' ? 'Ada' : '7'));
  confirmUrl = () => Promise.resolve(undefined);
  openUrl = () => Promise.resolve(false);
  refused = (_ask: unknown, problems: readonly string[]) => void this.shown.push(`refused ${problems.join('; ')}`);
}

describe('elicitation on one page (server-everything, scripted form)', function () {
  this.timeout(60_000);
  const held = closedAfterEach();

  async function ask(user: FormUser, server = 'everything'): Promise<string> {
    const elicitation = new Elicitation(user);
    const pool = (held.pool = new McpPool({ ...testHost(), onElicit: (name, request) => elicitation.answer(name, request) }, FAST_RECONNECT));
    if (server === 'everything') {
      await pool.apply([entry('everything', { command: process.execPath, args: [EVERYTHING, 'stdio'] })]);
      return textOf(await pool.callTool('everything', 'trigger-elicitation-request', {}));
    }
    await pool.apply([fixtureEntry('fx')]);
    return textOf(await pool.callTool('fx', 'ask', {}));
  }

  it('shows every field at once; answers that break the schema come back as problems, fitting ones reach the server', async () => {
    const user = new FormUser([
      { answers: { name: '', integer: 'many', number: '5000', untitledMultipleSelectEnum: [] } },
      { answers: { name: 'Ada', check: 'true', integer: '7', number: '2.5', titledMultipleSelectEnum: ['fish-2', 'fish-3'], titledSingleSelectEnum: 'hero-2' } },
    ]);
    const text = await ask(user);
    assert.ok(user.fields.length > QUICK_FIELDS);
    assert.deepEqual(user.shown, ['form everything: Please provide inputs for the following fields:']);
    const first = user.verdicts[0]!;
    assert.ok('problems' in first);
    const problems = first.problems.join('\n');
    assert.match(problems, /must have required property 'name'/);
    assert.match(problems, /\/integer must be integer/);
    assert.match(problems, /\/number must be <= 1000/);
    assert.match(text, /User provided the requested information/);
    assert.match(text, /- Name: Ada/);
    assert.match(text, /- Favorite Integer: 7/);
    assert.match(text, /"titledMultipleSelectEnum": \[\s*"fish-2",\s*"fish-3"\s*\]/);
    assert.match(text, /"check": true/);
  });

  it('decline reaches the server as such', async () => {
    assert.match(await ask(new FormUser(['decline'])), /User declined/);
  });

  it('cancel (the page closed) reaches the server as such', async () => {
    assert.match(await ask(new FormUser(['cancel'])), /User cancelled/);
  });

  it('content a page hands back without passing the check is refused, and the server hears cancel', async () => {
    const user = new FormUser([{ lie: { integer: 'lots' } }]);
    assert.match(await ask(user), /User cancelled/);
    assert.match(user.shown.at(-1)!, /^refused .*must have required property 'name'/);
  });

  it(`a form of ${QUICK_FIELDS} fields or fewer is still asked one prompt per field`, async () => {
    const user = new FormUser(['cancel']);
    assert.equal(await ask(user, 'fx'), 'hello {"name":"Ada","age":7}');
    assert.deepEqual(user.shown, ['begin [name,age]', 'ask name', 'ask age']);
  });
});
