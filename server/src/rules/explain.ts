// The hover text on a finding: what goes wrong, why, and the way out, in a few sentences.
import { commandNamedLower, replacementCmdletOf } from '../catalogue/derive';
import type { Finding } from './types';

/** The parameter *Run it from here* adds for a cluster cmdlet (catalogue `runFromHere`), or `-Cluster` for a WMI method's cmdlet. */
function runFromHereParam(method: string): string {
  const entry = commandNamedLower((replacementCmdletOf(method) ?? method).toLowerCase());
  return entry?.hopWhenOther ?? entry?.runFromHere ?? 'Cluster';
}

/** `docUrl`: the rule page's address, which the front door knows (installed pages or a setting). */
export function explain(f: Finding, docUrl?: string): string {
  const cmdlet = replacementCmdletOf(f.method) ?? f.method;
  const head = `**hopcheck ${f.code}**${docUrl ? ` — [rule documentation](${docUrl})` : ''}\n\n`;
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
        + 'connection the cluster code then makes to the other nodes is a second hop and is refused with access denied; the '
        + 'FailoverClusters module warns that "some failover clustering cmdlets do not work remotely". A loopback session '
        + '(`localhost`, `.`) is a network logon too, unless it has `-EnableNetworkAccess`.\n\n'
        + (commandNamedLower(f.method.toLowerCase())?.hopWhenOther
          ? `**Way out:** give \`-${runFromHereParam(f.method)}\` the session's own computer (\`$env:COMPUTERNAME\`), or run it from this machine instead of inside `
          : `**Way out:** run \`${cmdlet}\` from this machine with \`-${runFromHereParam(f.method)} ${f.target}\` instead of inside `)
        + '`Invoke-Command`; or use `-Authentication CredSSP` where policy allows it (it hands your credentials to the remote computer).';
    case 'HOP004':
      return head
        + `\`${f.method}\` on \`${f.target}\` works only because of a visible mitigation: delegation (impersonation Delegate, CredSSP), `
        + 'Basic authentication, `-EnableNetworkAccess` on a loopback session, or a credential passed to the inner command. '
        + 'Each has a cost: the domain must allow it, and the remote computer can then act on other machines in your name.\n\n'
        + `**Safer:** run \`${cmdlet}\` from this machine, which needs none of them.`;
    case 'HOP005':
      return head
        + `\`${f.method}\` opens a PowerShell remoting or CIM (WinRM) connection from inside a remote session on \`${f.target}\`. `
        + 'The session\'s network logon holds no credentials it can pass on, and Kerberos constrained or resource-based delegation does '
        + 'not carry the second hop for WinRM ("Making the second hop in PowerShell Remoting"), so it fails with access denied.\n\n'
        + '**Way out:** pass a credential (`-Credential $using:cred`), or run the inner command from this machine; CredSSP on the outer '
        + 'session works too, at the cost of handing your password to the remote computer.';
    case 'HOP006':
      return head
        + `\`${f.method}\` reaches a third computer (a share, DCOM/RPC, a domain controller, the cluster nodes) from inside a remote `
        + `session on \`${f.target}\`. That second hop works only if the domain has set up (resource-based) constrained delegation, `
        + 'which the script cannot show; otherwise access is denied.\n\n'
        + '**Way out:** copy files through the session (`Copy-Item -ToSession`), pass a credential where the command takes one, or run it from this machine.';
  }
}
