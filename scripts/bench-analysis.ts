// What the bench times in its own process, bundled by scripts/bench.ts with the options of dist/'s
// bundles (scripts/bundle-options.mjs): the analysis as it ships, and the parsers alone to compare with.
export { analyzeText, initParsers, mayHaveFindings } from '../server/src/core/analyze';
export { kindOf } from '../server/src/core/language';
export { decode } from '../server/src/base/decode';
export { FactsForBench, parseForBench, ReparseForBench } from './bench-parsers';
export { DocumentAnalysis } from '../server/src/core/document-analysis';
export { pointAt } from '../server/src/parse/powershell';
