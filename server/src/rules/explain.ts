// The hover text on a finding: what goes wrong, why, and the way out, in a few sentences.
import { replacementCmdletOf } from '../catalogue/derive';
import { ruleDocUrl } from './index';
import type { Finding } from './types';

export function explain(f: Finding): string {
  const cmdlet = replacementCmdletOf(f.method) ?? f.method;
  const head = `**hopcheck ${f.code}** — [rule documentation](${ruleDocUrl(f.code)})\n\n`;
  switch (f.code) {
    case 'HOP001':
      return head
        + `\`${f.method}\` runs in the Failover Clustering WMI provider on \`${f.target}\`, which impersonates you. `
        + 'To do its work the provider must itself connect to other cluster nodes; with an impersonated identity that is a second '
        + 'remote hop, which Kerberos/DCOM refuses unless delegation is allowed, so the call fails with `ERROR_ACCESS_DENIED`.\n\n'
        + `**Way out:** run \`${cmdlet}\` from this machine (FailoverClusters module, with \`-Cluster\`), or run the script on a cluster `
        + 'node and connect locally. Requesting delegation (`-Impersonation Delegate`) works only where the domain trusts the node for delegation.';
    case 'HOP002':
      return head
        + `hopcheck cannot tell which computer \`${f.target}\` is. If it is not the computer the script runs on, \`${f.method}\` `
        + 'fails on the double hop with `ERROR_ACCESS_DENIED` (the cluster provider must make a second remote connection as you).\n\n'
        + `**Way out:** use \`${cmdlet}\` from this machine, which works either way; or add the host to the \`hopcheck.localNames\` `
        + 'setting if it is always the local node.';
    case 'HOP003':
      return head
        + `\`${f.method}\` runs inside a remote PowerShell session on \`${f.target}\`. WinRM is already the first hop, so the `
        + 'connection the cluster code then makes to the other nodes is a second hop and is refused with access denied.\n\n'
        + '**Way out:** run the cluster cmdlet from this machine with `-Cluster <name>` instead of inside `Invoke-Command`; '
        + 'or use `-Authentication CredSSP` where policy allows it (it hands your credentials to the remote computer).';
    case 'HOP004':
      return head
        + `\`${f.method}\` on \`${f.target}\` works only because delegation is requested. The domain must allow it `
        + '(Kerberos with the computer trusted for delegation, or CredSSP enabled on both sides), and the remote computer can then act '
        + 'on other machines in your name.\n\n'
        + `**Safer:** run \`${cmdlet}\` from this machine, which needs no delegation.`;
  }
}
