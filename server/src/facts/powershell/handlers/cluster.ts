// FailoverClusters cmdlets (the catalogue's `cluster` family): each call is recorded; inside a remote
// session the rules report it (HOP003). One handler for the whole family, so a new cluster cmdlet
// needs only its catalogue entry.
import type { Expr } from '../../model';
import type { PsInterpreter } from '../interpreter';
import { spanOf } from '../syntax';
import { statementOf } from '../tree';
import { NONE, type Value } from '../values';
import type { BoundCall } from './index';
import { argExpr } from '../arguments';

/** The arguments kept with the call: what names nodes and the cluster, where the cmdlet has them. */
const NAMING_PARAMS = ['Name', 'Node', 'StaticAddress', 'Cluster'];

export function clusterCmdlet(it: PsInterpreter, { cmd, nameNode, b, ctx, entry }: BoundCall): Value {
  const args: Expr[] = [];
  for (const p of NAMING_PARAMS) {
    const e = argExpr(it, b, p, ctx);
    if (e) args.push(e);
  }
  // Add-NetIntent: a second hop only when -ClusterName names another computer; without it, none.
  const other = entry.hopWhenOther ? argExpr(it, b, entry.hopWhenOther, ctx) : undefined;
  if (entry.hopWhenOther && !other) return NONE;
  const cluster = argExpr(it, b, 'Cluster', ctx) ?? (entry.name === 'New-Cluster' ? argExpr(it, b, 'Name', ctx) : undefined);
  it.facts.calls.push({
    method: entry.name, via: 'cmdlet', span: spanOf(nameNode), callSpan: spanOf(cmd), session: ctx.session, args, trace: [],
    statement: statementOf(cmd), standalone: true, other, cluster,
  });
  return NONE;
}
