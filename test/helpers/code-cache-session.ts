// A session of the language server's analysis pool in a process of its own (`node -r tsx/cjs`), so that V8's
// flags are as a server starts with them (a test process's own parses change them): one worker from the file
// given, one PowerShell document analysed. Prints each code-cache event (lsp/analysis-pool.ts PoolHost) and
// the document's number of findings as lines of JSON; exits when the worker has made its cache, or has read one
// (then it makes none), or half a second after it has warmed up, or after 40 s.
import { AnalysisPool } from '../../server/src/lsp/analysis-pool';

const EVICT = '$c = Get-WmiObject -Namespace root\\MSCluster -Class MSCluster_Cluster -ComputerName node1\n$c.EvictNode("n2")\n';
let pool: AnalysisPool | undefined;
const end = () => {
  pool?.dispose();
  process.exit(0);
};
setTimeout(end, 40000);
let analysed = false;
let read = false;
pool = new AnalysisPool(process.argv[2], 1, undefined, {
  log: (m) => console.log(JSON.stringify({ log: m })),
  languageFailed: (language, reason) => console.log(JSON.stringify({ languageFailed: language, reason })),
  codeCache: (event) => {
    console.log(JSON.stringify(event));
    if ('made' in event) end();
    if ('read' in event && event.read === 'read') read = true;
    if (read && analysed) end();
  },
  // The worker has warmed up: when it may make a cache, the pool lets it now. With caches off, wait a little
  // to show that none comes.
  codeCacheMoment: () => {
    console.log(JSON.stringify({ warmedUp: true }));
    setTimeout(end, 500);
  },
});
pool.open('file:///a.ps1', 'powershell');
void pool.analyse('file:///a.ps1', () => ({ text: EVICT, version: 1 }), { localNames: [], budgetMs: 20000 }).then(({ outcome }) => {
  console.log(JSON.stringify({ findings: outcome.kind === 'findings' ? outcome.findings.length : outcome.kind }));
  analysed = true;
  if (read) end();
});
