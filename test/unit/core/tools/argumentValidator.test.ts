import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../src/core/log';
import { ToolRegistry } from '../../../../src/core/mcp/registry';
import { ArgumentValidator } from '../../../../src/core/tools/argumentValidator';

describe('ArgumentValidator', () => {
  const schema = { type: 'object' as const, properties: { n: { type: 'number' } }, required: ['n'] };

  it('compiles once per tool version and forgets replaced versions', () => {
    const registry = new ToolRegistry();
    const validator = new ArgumentValidator(silentLogger);
    const v1 = registry.replaceServer('s', [{ name: 't', inputSchema: schema }]).added[0]!;
    validator.validate(v1, { n: 1 });
    validator.validate(v1, { n: 2 });
    assert.equal(validator.size, 1);
    const change = registry.replaceServer('s', [{ name: 't', inputSchema: { ...schema, required: [] } }]);
    validator.forget(change.removed);
    assert.equal(validator.size, 0);
    validator.validate(change.added[0]!, {});
    assert.throws(() => validator.validate(v1, {}), /invalid arguments for s\/t: \(arguments\) must have required property 'n'/);
  });

  it('handles draft 2020-12 schemas and tolerates schemas ajv cannot compile', () => {
    const registry = new ToolRegistry();
    const validator = new ArgumentValidator(silentLogger);
    const [modern, broken] = registry.replaceServer('s', [
      { name: 'modern', inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: { type: 'string' } }, required: ['a'] } },
      { name: 'broken', inputSchema: { type: 'object', properties: { a: { type: 'no-such-type' } } } as never },
    ]).added;
    assert.throws(() => validator.validate(modern!, {}), /must have required property 'a'/);
    assert.doesNotThrow(() => validator.validate(broken!, { a: 1 }));
  });
});
