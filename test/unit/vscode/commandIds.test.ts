// The command-id table against the manifest: every contributed command has one id, and the
// table holds nothing the manifest does not contribute.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../../src/vscode/commandIds';

interface Manifest {
  contributes: { commands: { command: string }[] };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as Manifest;

describe('command ids', () => {
  it('equal package.json contributes.commands', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(Commands).sort(), contributed);
  });
});
