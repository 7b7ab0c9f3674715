import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The README is also the extension's page in the Extensions view: it must name every command a user can run
// and every setting, and the images it shows must ship.
const root = resolve(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, unknown> };
    menus: { commandPalette: { command: string; when?: string }[] };
  };
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

describe('README', () => {
  it('names every command the palette offers', () => {
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const missing = pkg.contributes.commands.filter((c) => !hidden.has(c.command) && !readme.includes(c.title)).map((c) => c.title);
    assert.deepEqual(missing, []);
  });

  it('names every setting', () => {
    const missing = Object.keys(pkg.contributes.configuration.properties).filter((k) => !readme.includes(`\`${k}\``));
    assert.deepEqual(missing, []);
  });

  it('shows only images that exist and are packaged', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 3);
    for (const image of images) assert.ok(existsSync(join(root, image)), `${image} is missing`);
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!docs\/images\/\*\*$/m);
  });
});
