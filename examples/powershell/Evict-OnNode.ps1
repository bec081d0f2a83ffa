<#
.SYNOPSIS
    Evicts a node; run ON a surviving node of the cluster (scheduled task or console).
.DESCRIPTION
    The WMI connection is local (no -ComputerName), so the provider's connection to the evicted
    node is the first and only remote hop.
.EXAMPLE
    PS C:\> .\Evict-OnNode.ps1 -Node FS-N4
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$Node
)

if ($Node -eq $env:COMPUTERNAME) {
    throw 'Run this on another node than the one being evicted.'
}

$cluster = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster
Write-Verbose "Evicting $Node from $($cluster.Name) (local connection on $env:COMPUTERNAME)"

try {
    $result = $cluster.EvictNode($Node)
    if ($result.ReturnValue -ne 0) {
        throw "EvictNode returned $($result.ReturnValue)"
    }
} catch {
    Write-Error "Evict failed: $_"
    exit 1
}

# Same thing, explicit: connecting to this machine by name is still local.
$self = [wmiclass]"\\$env:COMPUTERNAME\root\MSCluster:MSCluster_Cluster"
Write-Verbose "Provider class loaded from $($self.__SERVER)"
