import * as assert from 'node:assert/strict';
import { parseProviderConfigs } from '../../../../src/core/llm/providerConfig';

describe('parseProviderConfigs', () => {
  it('reads entries with their optional fields, dropping empty strings', () => {
    const { configs, problems } = parseProviderConfigs([
      { id: 'openai', kind: 'openai', defaultModel: 'gpt-4o-mini', label: 'OpenAI', baseUrl: '' },
      { id: 'local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', maxRetries: 0, timeoutMs: 30000 },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(configs, [
      { id: 'openai', kind: 'openai', defaultModel: 'gpt-4o-mini', label: 'OpenAI' },
      { id: 'local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', maxRetries: 0, timeoutMs: 30000 },
    ]);
  });

  it('keeps good entries and names what is wrong with the others', () => {
    const { configs, problems } = parseProviderConfigs([
      { id: 'ok', kind: 'anthropic' },
      'nope',
      { id: 'has space', kind: 'openai' },
      { id: 'nokind' },
      { id: 'badurl', kind: 'openai', baseUrl: 'not a url' },
      { id: 'badnum', kind: 'openai', maxRetries: -1 },
      { id: 'badlabel', kind: 'openai', label: 3 },
    ]);
    assert.deepEqual(configs.map((c) => c.id), ['ok']);
    assert.deepEqual(problems, [
      'switchboard.providers[1]: expected an object',
      'switchboard.providers[2]: "id" must be a non-empty string of letters, digits, ".", "_" or "-"',
      'switchboard.providers[3] (nokind): "kind" must be a non-empty string',
      'switchboard.providers[4] (badurl): "baseUrl" is not a URL: not a url',
      'switchboard.providers[5] (badnum): "maxRetries" must be a whole number ≥ 0',
      'switchboard.providers[6] (badlabel): "label" must be a string',
    ]);
  });

  it('treats a missing setting as empty and a non-array as a problem', () => {
    assert.deepEqual(parseProviderConfigs(undefined), { configs: [], problems: [] });
    assert.equal(parseProviderConfigs({}).problems.length, 1);
  });
});
