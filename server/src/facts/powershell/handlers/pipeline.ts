// Where values flow between commands: ForEach-Object runs its blocks on the pipeline input (`$_`),
// filters pass their input on, input commands give what the file cannot know, `hostname` the local
// name, and block runners (Measure-Command…) run their script blocks right away.
import type { CommandFamily } from '../../../catalogue/index';
import type { PsInterpreter } from '../interpreter';
import { spanOf, unwrap } from '../syntax';
import { Env, NONE, pipelineScope, type Value } from '../values';
import type { BoundCall, CommandCall, CommandHandler, PassHandler } from './index';
import { scanArgs } from '../arguments';

function forEachObject(it: PsInterpreter, { b, ctx, input }: BoundCall): Value {
  const block = b.named.get('Process');
  if (block?.arg && 'node' in block.arg) {
    const u = unwrap(block.arg.node);
    if (u.type === 'script_block_expression') it.walkBlock(u, { ...ctx, env: pipelineScope(ctx.env, input, u) });
  }
  for (const p of ['Begin', 'End']) {
    const x = b.named.get(p);
    if (x?.arg && 'node' in x.arg) it.walkBlock(unwrap(x.arg.node), { ...ctx, env: new Env(ctx.env) });
  }
  return it.unknown('the output of ForEach-Object', block?.span ?? { start: 0, end: 0 });
}

export const PIPELINE_HANDLERS: Record<string, CommandHandler> = {
  'ForEach-Object': forEachObject,
};

/** Commands hopcheck does not bind, by family. */
export const PASS_HANDLERS: Partial<Record<CommandFamily, PassHandler>> = {
  filter: (it, { elements, ctx, input }: CommandCall) => {
    scanArgs(it, elements, ctx, input);
    return input ?? NONE;
  },
  input: (it, { cmd, elements, ctx, entry }: CommandCall) => {
    scanArgs(it, elements, ctx);
    return it.unknown(entry.output ?? `the output of ${entry.name}`, spanOf(cmd));
  },
  'local-name': (_it, { cmd }: CommandCall) => ({ k: 'expr', e: { kind: 'local', why: 'hostname', span: spanOf(cmd) } }),
  'block-runner': (it, { cmd, nameNode, elements, ctx }: CommandCall) => {
    scanArgs(it, elements, ctx, undefined, true);
    return it.unknown(`the output of ${nameNode.text}`, spanOf(cmd));
  },
};
