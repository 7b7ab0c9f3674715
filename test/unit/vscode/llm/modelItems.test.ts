import * as assert from 'node:assert/strict';
import { modelItems } from '../../../../src/vscode/llm/modelItems';

describe('modelItems', () => {
  it('puts the current model first and marks it', () => {
    const items = modelItems([{ id: 'a' }, { id: 'b', label: 'Model B' }, { id: 'c', label: 'c' }], 'b');
    assert.deepEqual(items, [
      { label: '$(check) b', description: 'current · Model B', model: 'b' },
      { label: 'a', description: '', model: 'a' },
      { label: 'c', description: '', model: 'c' },
    ]);
  });
  it('marks nothing when the current model is not listed', () => {
    assert.ok(modelItems([{ id: 'a' }], 'zzz').every((i) => !i.label.startsWith('$(check)')));
  });
});
