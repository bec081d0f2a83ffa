// handlers/index.ts: handlers are registered by the catalogue's names, and every catalogue command
// the extractor binds has one (or is handled at the statement level).
import { strict as assert } from 'node:assert';
import { CATALOGUE, type Catalogue } from '../../../../server/src/catalogue/index';
import { BY_NAME, commandHandler } from '../../../../server/src/facts/powershell/handlers/index';

const catalogue: Catalogue = CATALOGUE;

describe('handlers/index: the registry', () => {
  it('is keyed by canonical catalogue names only', () => {
    const names = new Set(catalogue.commands.map((c) => c.name));
    for (const key of Object.keys(BY_NAME)) assert.ok(names.has(key), `${key} is not a catalogue command`);
  });

  it('resolves every name and alias of a modelled command to its entry', () => {
    for (const c of catalogue.commands) {
      if (c.session === 'exit') continue; // a statement-level marker (sessions.ts), nothing to evaluate
      for (const n of [c.name, ...c.aliases]) assert.equal(commandHandler(n.toLowerCase())?.entry.name, c.name, n);
    }
    assert.equal(commandHandler('get-itemproperty'), undefined); // not modelled
  });

  it('binds exactly the commands that have a parameter list', () => {
    for (const c of catalogue.commands) {
      const h = commandHandler(c.name.toLowerCase());
      if (h) assert.equal(h.spec !== undefined, c.params !== undefined, c.name);
    }
  });
});
