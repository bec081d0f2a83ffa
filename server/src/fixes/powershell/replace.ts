// "Replace with <cmdlet>": rewrites a WMI/CIM call as the FailoverClusters cmdlet run from this
// machine (spec §2), keeping the argument expressions as written.
import type { Finding } from '../../rules/types';
import { REPLACEMENT_CMDLET, type ResolvedCall } from '../../rules/context';
import type { Fix } from '../types';
import { slice } from '../text';
import { clusterArgument } from './cluster';

const ACCESS_POINT = ['None', 'ActiveDirectoryAndDns', 'Dns', 'ActiveDirectory'];

export function replaceWithCmdlet(f: Finding, text: string): Fix | undefined {
  const rc = f.context;
  if (!rc || rc.call.via !== 'wmi') return undefined;
  const cluster = clusterArgument(rc, text);
  const command = cmdletCommand(rc, text, cluster);
  if (!command) return undefined;
  return {
    title: `Replace with ${REPLACEMENT_CMDLET[rc.call.method]} (run from this machine)`,
    isPreferred: true,
    edits: [{ span: rc.call.callSpan, newText: rc.call.standalone ? command : `(${command})` }],
  };
}

/** The FailoverClusters command doing what the WMI call does, with `-Cluster cluster`; undefined if an argument is missing. */
export function cmdletCommand(rc: ResolvedCall, text: string, cluster: string | undefined): string | undefined {
  const call = rc.call;
  const at = (i: number) => call.argSpans?.[i] ?? call.args[i]?.span;
  const arg = (i: number) => { const sp = at(i); return sp ? commandArgument(slice(text, sp).trim()) : undefined; };
  const cmdlet = REPLACEMENT_CMDLET[call.method];
  let command: string | undefined;
  if (call.method === 'CreateCluster') {
    const [name, nodes, ips] = [arg(0), arg(1), arg(2)];
    if (!name || !nodes) return undefined;
    command = `New-Cluster -Name ${name} -Node ${nodes}`;
    if (ips && !/^\$null$/i.test(ips)) command += ` -StaticAddress ${ips}`;
    const aap = arg(4);
    if (aap !== undefined) command += ` -AdministrativeAccessPoint ${/^[0-3]$/.test(aap) ? ACCESS_POINT[Number(aap)] : aap}`;
  } else {
    if (!cluster) return undefined;
    if (call.method === 'DestroyCluster') {
      const cleanup = arg(0);
      command = `Remove-Cluster -Cluster ${cluster} -Force`;
      if (cleanup !== undefined && /^\$true$/i.test(cleanup)) command += ' -CleanupAD';
      else if (cleanup !== undefined && !/^\$false$/i.test(cleanup) && cleanup !== '0') command += ` -CleanupAD:${cleanup}`;
    } else {
      const node = arg(0);
      if (!node) return undefined;
      command = `${cmdlet} -Cluster ${cluster} -Name ${node}${call.method === 'EvictNode' ? ' -Force' : ''}`;
    }
  }
  return command;
}

/**
 * An expression as a command argument: variables, strings, numbers and bracketed forms stand as they
 * are; a cast (`[uint32]1`) or anything with spaces outside quotes and brackets needs parentheses, or
 * PowerShell would read it as text.
 */
function commandArgument(expr: string): string {
  if (expr.startsWith('[')) return `(${expr})`;
  let depth = 0;
  let quote = '';
  for (const c of expr) {
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === "'" || c === '"') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (/\s/.test(c) && depth === 0) return `(${expr})`;
  }
  return expr;
}
