// Test-only: run a test against an extended catalogue, e.g. a made-up fifth method, and put the real
// one back afterwards. No server or client module may import this file (test/catalogue/catalogue.test.ts
// checks); the language server and the CLI always run with the catalogue of ./index.ts.
import { swapCatalogueForTests } from './derive';
import { CATALOGUE, type Catalogue } from './index';

/** Runs `body` with `extend(CATALOGUE)` in use; every derived table follows, and is rebuilt from the real one after. */
export async function withCatalogue<T>(extend: (c: Catalogue) => Catalogue, body: () => T | Promise<T>): Promise<T> {
  const previous = swapCatalogueForTests(extend(CATALOGUE));
  try {
    return await body();
  } finally {
    swapCatalogueForTests(previous);
  }
}
