// The PowerShell fact extractor: runs the interpreter (interpreter.ts, expressions.ts) with the
// command handlers (handlers/, one module per family of commands, keyed by the catalogue's names) over
// a tree-sitter-powershell tree, and returns the language-neutral facts of ../model.ts: WMI/CIM
// connections to root\MSCluster, remote sessions, calls of the cluster methods and cmdlets, and
// function call sites for parameter resolution.
import type { Tree } from '../../parse/powershell';
import type { Facts } from '../model';
import { PsInterpreter, type PsExtractOptions } from './interpreter';

export type { PsExtractOptions };

export function extractPowerShell(tree: Tree, text: string, options: PsExtractOptions = {}): Facts {
  return new PsInterpreter(text, options).run(tree);
}
