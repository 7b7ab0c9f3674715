import * as assert from 'node:assert/strict';
import { mcpToolbox } from '../../../../src/core/agent/mcpToolbox';
import { OutputSchemaError } from '../../../../src/core/tools/outputSchemaError';
import { ToolIndex } from '../../../../src/core/tools/toolIndex';
import { type ExecutorRig, executorRig } from './executorRig';

describe('structured output against the tool\'s output schema', function () {
  this.timeout(10_000);
  let rig: ExecutorRig;
  beforeEach(async () => (rig = await executorRig()));
  afterEach(() => rig.dispose());

  it('passes valid structured content, once, in what the model reads', async () => {
    const result = await rig.executor.execute('fx/weather');
    assert.deepEqual(result.structuredContent, { city: 'Oslo', tempC: -3.5 });
    // The server already sent the JSON as text: it is not repeated.
    assert.equal(result.text, JSON.stringify({ city: 'Oslo', tempC: -3.5 }));
    const add = await rig.executor.execute('fx/add', { a: 2, b: 3 });
    assert.equal(add.text, '5\n\nStructured content (JSON): {"sum":5}');
  });

  it('refuses structured content that breaks the output schema, naming each field', async () => {
    // Our check, not the SDK's callTool() one: the error keeps what the server sent and names each field.
    await assert.rejects(rig.executor.execute('fx/weather_broken'), (err: unknown) => {
      assert.ok(err instanceof OutputSchemaError, `expected an OutputSchemaError, got ${String(err)}`);
      assert.match(err.message, /weather_broken/);
      assert.match(err.message, /required property 'city'/);
      assert.match(err.message, /tempC must be number/);
      assert.deepEqual(err.structuredContent, { tempC: 'cold' });
      return true;
    });
    assert.equal(rig.records.at(-1)!.status, 'error');
    assert.match(rig.records.at(-1)!.error!, /tempC must be number/);
  });

  it('tells the model what was wrong with the output', async () => {
    const index = ToolIndex.follow(rig.registry);
    const box = mcpToolbox({ registry: rig.registry, executor: rig.executor, index, maxTools: 128 });
    const signal = new AbortController().signal;
    const bad = await box.call('fx__weather_broken', {}, { executionId: 'e', signal });
    assert.equal(bad.isError, true);
    assert.match(String(bad.content), /must have required property 'city'/);
    const good = await box.call('fx__weather', {}, { executionId: 'e', signal });
    assert.deepEqual(good.structuredContent, { city: 'Oslo', tempC: -3.5 });
    index.dispose();
  });
});
