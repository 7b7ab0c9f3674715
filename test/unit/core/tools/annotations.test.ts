import * as assert from 'node:assert/strict';
import { toolHints } from '../../../../src/core/tools/toolHints';
import { FIXTURE_ICON } from '../../../fixtures/mcp/featureTools';
import { type ExecutorRig, executorRig } from './executorRig';

describe('tool annotations and titles', function () {
  this.timeout(10_000);
  let rig: ExecutorRig;
  beforeEach(async () => (rig = await executorRig()));
  afterEach(() => rig.dispose());

  const hints = (tool: string) => toolHints(rig.registry.resolve(`fx/${tool}`).definition);

  it('reads titles, inline icons and hints from what the server listed; contradictory hints count as destructive', () => {
    assert.deepEqual(hints('read_note'), { title: 'Read Note', readOnly: true, destructive: false, icon: { light: FIXTURE_ICON, dark: FIXTURE_ICON } });
    assert.deepEqual(hints('wipe_notes'), { title: 'Wipe Notes', readOnly: false, destructive: true, icon: undefined });
    assert.deepEqual(hints('confused'), { readOnly: false, destructive: true, icon: undefined });
    assert.deepEqual(hints('echo'), { readOnly: false, destructive: false, icon: undefined });
    // A server-chosen URL is never fetched: only inline images become icons.
    assert.equal(toolHints({ name: 'x', inputSchema: { type: 'object' }, icons: [{ src: 'https://tracker.example/i.png' }] }).icon, undefined);
  });

  it('asks for read-only tools unless autoApproveReadOnly is on', async () => {
    await rig.executor.execute('fx/read_note');
    assert.deepEqual(rig.asked, ['read_note']);
    rig.policy = { autoApproveReadOnly: true };
    await rig.executor.execute('fx/read_note');
    await rig.executor.execute('fx/echo', { text: 'x' });
    assert.deepEqual(rig.asked, ['read_note', 'echo']);
  });

  it('always asks for destructive tools: under the read-only setting, with contradictory hints, and when set to auto', async () => {
    rig.policy = { autoApproveReadOnly: true };
    rig.registry.preferences.setApprovalMode('fx/wipe_notes', 'auto');
    await rig.executor.execute('fx/wipe_notes');
    await rig.executor.execute('fx/confused');
    assert.deepEqual(rig.asked, ['wipe_notes', 'confused']);
    // A call the user made by hand is its own approval.
    await rig.executor.execute('fx/wipe_notes', {}, { approvedByUser: true });
    assert.equal(rig.asked.length, 2);
  });
});
